"""expect: fib is not lazy"""


def fib(limit):
    numbers = []
    a, b = 0, 1
    while a < limit:
        numbers.append(a)
        a, b = b, a + b
    yield from numbers
    return "Done"


def drain(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
