"""expect: len counted finished tasks

Tasks kept in a list forever; len is the length of that list."""


class TaskSet:
    def __init__(self):
        self._tasks = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.append(task)
        return task

    def __len__(self):
        return len(self._tasks)

    async def join(self):
        while unfinished := [task for task in self._tasks if not task.done()]:
            await asyncio.wait(unfinished)
        for task in self._tasks:
            if not task.cancelled():
                task.exception()

    async def cancel_all(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
