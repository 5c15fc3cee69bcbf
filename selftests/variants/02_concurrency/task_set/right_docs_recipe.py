"""The asyncio docs' recipe: a set, and task.add_done_callback(set.discard); len is the set's size."""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(self._retrieve)
        return task

    @staticmethod
    def _retrieve(task):
        if not task.cancelled():
            task.exception()

    def __len__(self):
        return len(self._tasks)

    async def join(self):
        while self._tasks:
            await asyncio.wait(list(self._tasks))

    async def cancel_all(self):
        for task in self._tasks:
            task.cancel()
        while self._tasks:
            await asyncio.wait(list(self._tasks))
