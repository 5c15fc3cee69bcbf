"""expect: A done callback raised CancelledError for a cancelled task

The done callback retrieves every exception without checking task.cancelled() first: for a cancelled
task it raises, asyncio logs an error, and the task is never dropped from the set.
"""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task):
        task.exception()
        self._tasks.discard(task)

    def __len__(self):
        return sum(not t.done() for t in self._tasks)

    async def join(self):
        while pending := [t for t in self._tasks if not t.done()]:
            await asyncio.wait(pending)

    async def cancel_all(self):
        pending = [t for t in self._tasks if not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(pending)
