"""No done callback: tasks stay in the set until join (or cancel_all) has seen them finish,
retrieved their exceptions and dropped them."""


class TaskSet:
    def __init__(self):
        self._tasks = set()

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        return task

    def __len__(self):
        return len([task for task in self._tasks if not task.done()])

    def _forget_finished(self):
        for task in [task for task in self._tasks if task.done()]:
            if not task.cancelled():
                task.exception()
            self._tasks.remove(task)

    async def join(self):
        while True:
            self._forget_finished()
            if not self._tasks:
                return
            await asyncio.wait(self._tasks)

    async def cancel_all(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._forget_finished()
