def fib(limit):
    # Each step hands on to a generator for the rest of the sequence; the return value comes back up.
    def rest(a, b):
        if a >= limit:
            return "Done"
        yield a
        return (yield from rest(b, a + b))

    return (yield from rest(0, 1))


def drain(gen):
    kept = {}

    def keep():
        kept["value"] = yield from gen

    items = list(keep())
    return items, kept["value"]
