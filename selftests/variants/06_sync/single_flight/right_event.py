class _Flight:
    def __init__(self, task):
        self.task = task
        self.landed = asyncio.Event()


class SingleFlight:
    """Waiters wait on an Event that the shared task's done callback sets, then read the task's outcome:
    cancelling a waiter cancels only its wait(), never the task."""

    def __init__(self):
        self._flights = {}

    async def do(self, key, make):
        flight = self._flights.get(key)
        if flight is None:
            flight = _Flight(asyncio.create_task(make()))
            self._flights[key] = flight

            def land(task):
                del self._flights[key]
                flight.landed.set()

            flight.task.add_done_callback(land)
        await flight.landed.wait()
        return flight.task.result()
