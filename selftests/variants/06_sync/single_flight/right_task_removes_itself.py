class SingleFlight:
    """The shared task runs make() and takes its own key out in a finally; callers await it through shield."""

    def __init__(self):
        self._tasks = {}

    async def do(self, key, make):
        if key not in self._tasks:
            async def flight():
                try:
                    return await make()
                finally:
                    del self._tasks[key]

            self._tasks[key] = asyncio.create_task(flight())
        return await asyncio.shield(self._tasks[key])
