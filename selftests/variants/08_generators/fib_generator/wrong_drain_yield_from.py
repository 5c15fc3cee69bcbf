"""expect: drain is a generator itself"""


def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b
    return "Done"


def drain(gen):
    value = yield from gen
    return value
