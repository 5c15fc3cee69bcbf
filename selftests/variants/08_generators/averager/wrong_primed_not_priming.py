"""expect: primed did not prime the generator"""


def averager():
    total, count, average = 0.0, 0, None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        return gen_fn(*args, **kwargs)

    return start
