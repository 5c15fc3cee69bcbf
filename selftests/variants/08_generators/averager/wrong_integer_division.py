"""expect: integer division"""


def averager():
    total = count = 0
    average = None
    while True:
        total += yield average
        count += 1
        average = total // count


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
