"""expect: busy waiting"""


class SingleFlight:
    def __init__(self):
        self._results = {}
        self._running = set()

    async def do(self, key, make):
        if key in self._running:
            while key in self._running:
                await asyncio.sleep(0)
            return self._results.pop(key)
        self._running.add(key)
        try:
            result = await make()
            self._results[key] = result
            return result
        finally:
            self._running.discard(key)
