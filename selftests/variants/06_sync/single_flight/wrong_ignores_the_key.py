"""expect: do ignored the key"""


class SingleFlight:
    def __init__(self):
        self._flight = None

    async def do(self, key, make):
        if self._flight is None:
            self._flight = asyncio.ensure_future(make())
            self._flight.add_done_callback(lambda _: setattr(self, "_flight", None))
        return await asyncio.shield(self._flight)
