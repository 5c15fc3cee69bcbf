"""A dict of tasks, a done callback that forgets and retrieves, join looping over gather."""


class TaskSet:
    def __init__(self):
        self._running = {}

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._running[task] = None
        task.add_done_callback(self._done)
        return task

    def _done(self, task):
        del self._running[task]
        if not task.cancelled() and task.exception() is not None:
            pass  # a real program would log it here

    def __len__(self):
        return sum(not task.done() for task in self._running)

    async def join(self):
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def cancel_all(self):
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
