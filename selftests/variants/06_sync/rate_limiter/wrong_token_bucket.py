"""expect: Too many callers went ahead within"""


class RateLimiter:
    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._tokens = rate
        self._last = None
        self._line = asyncio.Lock()

    async def acquire(self):
        async with self._line:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                if self._last is not None:
                    self._tokens = min(self.rate, self._tokens + (now - self._last) * self.rate / self.per)
                self._last = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) * self.per / self.rate)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
