import itertools


def fib(limit):
    def forever():
        a, b = 0, 1
        while True:
            yield a
            a, b = b, a + b

    yield from itertools.takewhile(lambda x: x < limit, forever())
    return "Done"


def drain(gen):
    items = []

    def watch():
        value = yield from gen
        items.append(("return", value))

    for item in watch():
        items.append(item)
    *yielded, (_, value) = items
    return yielded, value
