"""expect: Caching results forever"""


class SingleFlight:
    def __init__(self):
        self._flights = {}

    async def do(self, key, make):
        if key not in self._flights:
            self._flights[key] = asyncio.ensure_future(make())
        return await asyncio.shield(self._flights[key])
