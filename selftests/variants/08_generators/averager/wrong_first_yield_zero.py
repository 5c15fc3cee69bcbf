"""expect: averager yielded 0 when primed"""


def averager():
    total = count = 0
    average = 0.0
    while True:
        total += yield average
        count += 1
        average = total / count


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
