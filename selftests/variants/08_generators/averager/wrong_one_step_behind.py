"""expect: averager is one step behind"""


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        if count:
            average = total / count
        total += value
        count += 1


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
