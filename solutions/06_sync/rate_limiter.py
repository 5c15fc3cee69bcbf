"""A rate limiter: reference solution."""
import asyncio
from collections import deque
from typing import Any


class RateLimiter:
    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._went: deque[float] = deque()  # when the callers of the last `per` seconds went ahead
        self._line = asyncio.Lock()  # first come, first served: the lock's waiters queue up in order

    async def acquire(self) -> None:
        async with self._line:  # a cancelled waiter leaves the line, and took no place
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                while self._went and self._went[0] + self.per <= now:
                    self._went.popleft()
                if len(self._went) < self.rate:
                    self._went.append(now)
                    return
                await asyncio.sleep(self._went[0] + self.per - now)  # until the oldest place frees up

    async def __aenter__(self) -> "RateLimiter":
        await self.acquire()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        return None
