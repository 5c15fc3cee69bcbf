"""expect: drain stopped at the first None item"""


def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b
    return "Done"


def drain(gen):
    items = []
    while True:
        item = next(gen, None)
        if item is None:
            try:
                next(gen)
            except StopIteration as stop:
                return items, stop.value
            return items, None
        items.append(item)
