def fib(limit):
    pair = (0, 1)
    while True:
        if pair[0] >= limit:
            return "Done"
        yield pair[0]
        pair = (pair[1], pair[0] + pair[1])


def drain(gen):
    items = []
    try:
        while True:
            items.append(gen.send(None))
    except StopIteration as stop:
        return (items, stop.value)
