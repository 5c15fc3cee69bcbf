"""expect: never retrieved

join waits with asyncio.wait but nobody ever looks at a failed task's exception."""


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
        while unfinished := [task for task in self._tasks if not task.done()]:
            await asyncio.wait(unfinished)

    async def cancel_all(self):
        unfinished = [task for task in self._tasks if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished)
