"""expect: fib does not return "Done\""""


def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b


def drain(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
