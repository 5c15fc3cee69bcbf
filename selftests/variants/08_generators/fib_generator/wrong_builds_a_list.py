"""expect: instead of a lazy generator"""


def fib(limit):
    numbers = []
    a, b = 0, 1
    while a < limit:
        numbers.append(a)
        a, b = b, a + b
    return numbers


def drain(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
