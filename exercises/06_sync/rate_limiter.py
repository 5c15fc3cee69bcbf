"""A rate limiter: at most `rate` callers per `per` seconds.

Web APIs limit how often you may call them: "at most 3 requests per second". A rate limiter sits in
front of the calls. Each caller awaits `limiter.acquire()` (or enters `async with limiter:`) before
its call, and acquire returns only once going ahead keeps everyone within the limit.

This limiter uses a *sliding window*: in ANY stretch of `per` seconds, at most `rate` callers go
ahead. Remember when the most recent callers went ahead: a new caller may go once the `rate`-th most
recent of them is `per` seconds old. (A *fixed* window, counting per whole second, is simpler but
lets bursts through: 3 callers at 0.9 s and 3 more at 1.0 s make 6 within a tenth of a second.)

    limiter = RateLimiter(3, 1.0)
    # ten callers, all at once, each doing `await limiter.acquire()`:
    # they go ahead at 0, 0, 0, 1, 1, 1, 2, 2, 2 and 3 s

Three more rules:

- First come, first served: nobody overtakes a caller who was waiting before them. (Waiters of an
  asyncio.Lock get it in the order they asked for it.)
- A caller that is cancelled while it waits does not use up a place.
- No busy waiting: don't check again and again, and don't poll in small steps. Sleep until the
  moment something can change (`await asyncio.sleep(seconds)`), or wait on a lock or a future.
  Read the time from the event loop: `asyncio.get_running_loop().time()`.

Your task: write `RateLimiter(rate, per)` with `acquire()`, and `__aenter__`/`__aexit__` so that
`async with limiter:` acquires on entering (and lets any exception through on leaving).
"""
import asyncio
from typing import Any


# TODO: write RateLimiter (see above): acquire() waits until the caller may go ahead, first come
# first served; `async with limiter:` acquires on entering.
class RateLimiter:
    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per

    async def acquire(self) -> None:
        raise NotImplementedError("acquire")

    async def __aenter__(self) -> "RateLimiter":
        raise NotImplementedError("__aenter__")

    async def __aexit__(self, *exc_info: Any) -> None:
        raise NotImplementedError("__aexit__")
