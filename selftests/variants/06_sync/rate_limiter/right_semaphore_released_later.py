class RateLimiter:
    """Each caller holds one of `rate` places for exactly `per` seconds after it goes ahead."""

    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._places = asyncio.Semaphore(rate)

    async def acquire(self):
        await self._places.acquire()
        asyncio.get_running_loop().call_later(self.per, self._places.release)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
