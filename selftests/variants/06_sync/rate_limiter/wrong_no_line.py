"""expect: Unfair ordering"""


class RateLimiter:
    """Every waiter sleeps until the oldest place frees up, then they all race for it."""

    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._went = []

    async def acquire(self):
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            self._went = [t for t in self._went if t + self.per > now]
            if len(self._went) < self.rate:
                self._went.append(now)
                return
            await asyncio.sleep(self._went[0] + self.per - now)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
