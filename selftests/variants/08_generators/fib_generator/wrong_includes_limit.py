"""expect: included the limit itself"""


def fib(limit):
    a, b = 0, 1
    while a <= limit:
        yield a
        a, b = b, a + b
    return "Done"


def drain(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
