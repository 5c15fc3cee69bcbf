"""expect: join missed the tasks spawned while it was waiting

join waits once, for the tasks there were when it started."""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def __len__(self):
        return sum(1 for task in self._tasks if not task.done())

    async def join(self):
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel_all(self):
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
