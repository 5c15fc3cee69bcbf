"""expect: A cancelled waiter still counted"""


class RateLimiter:
    """Each caller books the first free place, then sleeps until it; a cancelled booking stays booked."""

    def __init__(self, rate, per):
        self.rate = rate
        self.per = per
        self._booked = []

    async def acquire(self):
        now = asyncio.get_running_loop().time()
        moment = now
        if len(self._booked) >= self.rate:
            moment = max(now, self._booked[-self.rate] + self.per)
        self._booked.append(moment)
        await asyncio.sleep(moment - now)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        pass
