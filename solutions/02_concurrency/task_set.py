"""Keeping track of background tasks: reference solution."""
import asyncio
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


class TaskSet:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: asyncio will not log it as "never retrieved"

    def __len__(self) -> int:
        return sum(1 for task in self._tasks if not task.done())

    async def join(self) -> None:
        while unfinished := [task for task in self._tasks if not task.done()]:
            await asyncio.wait(unfinished)

    async def cancel_all(self) -> None:
        unfinished = [task for task in self._tasks if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished)
