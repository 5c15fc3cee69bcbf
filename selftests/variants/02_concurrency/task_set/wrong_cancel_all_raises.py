"""expect: cancel_all raised CancelledError

cancel_all waits with gather but without return_exceptions=True."""


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
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks)
