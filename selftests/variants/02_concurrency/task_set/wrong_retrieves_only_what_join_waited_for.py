"""expect: for a task spawned while join was waiting

join retrieves the exceptions of the tasks asyncio.wait handed back, but a task spawned and
failed during one wait was already dropped by the done callback, unseen."""


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
            done, _ = await asyncio.wait(unfinished)
            for task in done:
                if not task.cancelled():
                    task.exception()

    async def cancel_all(self):
        unfinished = [task for task in self._tasks if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished)
