"""expect: The averagers share one total"""
_totals = {"sum": 0.0, "count": 0}


def averager():
    average = None
    while True:
        value = yield average
        _totals["sum"] += value
        _totals["count"] += 1
        average = _totals["sum"] / _totals["count"]


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
