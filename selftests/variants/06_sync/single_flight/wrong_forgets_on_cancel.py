"""expect: The cancelled caller took the call in flight out of the dict"""


class SingleFlight:
    def __init__(self):
        self._flights = {}

    async def do(self, key, make):
        if key not in self._flights:
            self._flights[key] = asyncio.ensure_future(make())
        try:
            return await asyncio.shield(self._flights[key])
        finally:
            self._flights.pop(key, None)
