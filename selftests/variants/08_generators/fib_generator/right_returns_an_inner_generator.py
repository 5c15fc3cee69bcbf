def fib(limit):
    # Not a generator function itself: it returns the generator an inner generator function makes.
    def numbers():
        a, b = 0, 1
        while a < limit:
            yield a
            a, b = b, a + b
        return "Done"

    return numbers()


def drain(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
