"""expect: lost to the garbage collector

Everything right, except that the tasks are kept in a WeakSet: no strong reference."""
import weakref


class TaskSet:
    def __init__(self):
        self._tasks = weakref.WeakSet()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        if not task.cancelled():
            task.exception()

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
