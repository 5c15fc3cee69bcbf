"""Generator-based coroutines: send() values in, get answers out: reference solution."""
import functools
from typing import Generator


def averager() -> Generator[float | None, float, None]:
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def primed(gen_fn):
    @functools.wraps(gen_fn)
    def start(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        next(gen)
        return gen

    return start
