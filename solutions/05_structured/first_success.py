"""The first to succeed wins: reference solution."""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


async def first_success(makers: list[Callable[[], Awaitable[T]]]) -> T:
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except Exception:
                pass  # a failure: wait for the others
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
