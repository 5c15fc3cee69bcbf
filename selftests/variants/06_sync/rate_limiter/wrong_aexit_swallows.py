"""expect: __aexit__ swallowed the exception"""


class RateLimiter:
    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._places = asyncio.Semaphore(rate)

    async def acquire(self):
        await self._places.acquire()
        asyncio.get_running_loop().call_later(self.per, self._places.release)

    async def __aenter__(self):
        await self.acquire()
        return self

    async def __aexit__(self, *exc_info):
        return True
