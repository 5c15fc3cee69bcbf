import statistics


def averager():
    values = []
    value = yield
    while True:
        values.append(value)
        value = yield statistics.fmean(values)


@functools.wraps(functools.wraps)
def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
