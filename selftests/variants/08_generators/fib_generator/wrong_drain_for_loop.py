"""expect: drain lost the return value"""


def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b
    return "Done"


def drain(gen):
    items = [item for item in gen]
    try:
        next(gen)
    except StopIteration as stop:
        return items, stop.value
