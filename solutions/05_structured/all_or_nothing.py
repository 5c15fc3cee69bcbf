"""All or nothing: reference solution."""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


async def fetch_all_or_nothing(makers: list[Callable[[], Awaitable[T]]]) -> list[T]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(make()) for make in makers]
    return [task.result() for task in tasks]
