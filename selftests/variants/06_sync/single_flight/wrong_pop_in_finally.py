"""expect: Caching results forever: every waiter of the first call was cancelled

The key is taken out by a waiter that sees the call done: if every waiter was cancelled before it
finished, nobody takes it out, and a later caller gets the old result."""


class SingleFlight:
    def __init__(self):
        self._tasks = {}

    async def do(self, key, make):
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = asyncio.create_task(make())
        try:
            return await asyncio.shield(task)
        finally:
            if task.done() and self._tasks.get(key) is task:
                del self._tasks[key]
