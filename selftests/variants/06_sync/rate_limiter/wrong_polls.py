"""expect: acquire polled"""


class RateLimiter:
    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._went = []
        self._line = asyncio.Lock()

    async def acquire(self):
        async with self._line:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                self._went = [t for t in self._went if t + self.per > now]
                if len(self._went) < self.rate:
                    self._went.append(now)
                    return
                await asyncio.sleep(0.125)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
