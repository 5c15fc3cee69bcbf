def averager():
    # The mean updated in place: mean += (value - mean) / count.
    mean, count = None, 0
    while True:
        value = yield mean
        count += 1
        mean = value if count == 1 else mean + (value - mean) / count


class primed:
    """A decorator written as a class: its instances stand in for the generator function."""

    def __init__(self, gen_fn):
        self.gen_fn = gen_fn
        functools.update_wrapper(self, gen_fn)

    def __call__(self, *args, **kwargs):
        gen = self.gen_fn(*args, **kwargs)
        next(gen)
        return gen
