def averager():
    seen = []
    reply = None
    while True:
        seen.append((yield reply))
        reply = sum(seen) / len(seen)


def primed(gen_fn):
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        gen.send(None)
        return gen

    start.__name__ = gen_fn.__name__
    return start
