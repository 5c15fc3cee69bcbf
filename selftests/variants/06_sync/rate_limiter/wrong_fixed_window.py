"""expect: Bursts across a fixed-window boundary"""


class RateLimiter:
    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._window = None
        self._count = 0
        self._line = asyncio.Lock()

    async def acquire(self):
        async with self._line:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                if self._window is None or now >= self._window + self.per:
                    self._window = now - (now - (self._window or now)) % self.per
                    self._count = 0
                if self._count < self.rate:
                    self._count += 1
                    return
                await asyncio.sleep(self._window + self.per - now)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
