"""expect: spawn is written with async def

spawn written as a coroutine function: calling it starts nothing."""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    async def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def __len__(self):
        return sum(1 for task in self._tasks if not task.done())

    async def join(self):
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel_all(self):
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
