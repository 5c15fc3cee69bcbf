"""expect: cancel_all did not wait for the cancelled tasks to finish

cancel_all only calls task.cancel()."""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()

    def __len__(self):
        return sum(1 for task in self._tasks if not task.done())

    async def join(self):
        while unfinished := [task for task in self._tasks if not task.done()]:
            await asyncio.wait(unfinished)

    async def cancel_all(self):
        for task in self._tasks:
            task.cancel()
