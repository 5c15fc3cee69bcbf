"""expect: join raised CancelledError

join awaits each task inside `except Exception`, which does not catch a cancelled task's
CancelledError."""


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
        while self._tasks:
            for task in list(self._tasks):
                try:
                    await task
                except Exception:
                    pass

    async def cancel_all(self):
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
