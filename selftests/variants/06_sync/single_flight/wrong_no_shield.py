"""expect: One waiter's cancellation cancelled the others"""


class SingleFlight:
    def __init__(self):
        self._flights = {}

    async def do(self, key, make):
        if key not in self._flights:
            task = asyncio.ensure_future(make())
            self._flights[key] = task
            task.add_done_callback(lambda _: self._flights.pop(key))
        return await self._flights[key]
