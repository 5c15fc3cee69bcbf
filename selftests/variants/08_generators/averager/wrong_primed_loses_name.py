"""expect: primed lost the function's name"""


def averager():
    total, count, average = 0.0, 0, None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def primed(gen_fn):
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
