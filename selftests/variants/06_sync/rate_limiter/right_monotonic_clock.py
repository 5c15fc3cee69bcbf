import time


class RateLimiter:
    """The reference idea, reading time.monotonic() (the loop's own clock, outside tests)."""

    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._went = []
        self._line = asyncio.Lock()

    async def acquire(self):
        async with self._line:
            while True:
                now = time.monotonic()
                self._went = [t for t in self._went if now - t < self.per]
                if len(self._went) < self.rate:
                    self._went.append(now)
                    return
                await asyncio.sleep(self.per - (now - self._went[0]))

    async def __aenter__(self):
        await self.acquire()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        return False
