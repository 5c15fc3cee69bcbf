from collections import deque


class RateLimiter:
    """Only the last `rate` moments are kept (deque(maxlen=rate)); in line behind a Lock, a caller sleeps
    once, until the oldest of them is `per` seconds old."""

    def __init__(self, rate, per):
        self.per = per
        self._last = deque(maxlen=rate)
        self._line = asyncio.Lock()

    async def acquire(self):
        loop = asyncio.get_running_loop()
        async with self._line:
            if len(self._last) == self._last.maxlen:
                wait = self._last[0] + self.per - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            self._last.append(loop.time())

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        return False
