"""At most `limit` at a time: reference solution."""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


async def bounded_gather(makers: list[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    semaphore = asyncio.Semaphore(limit)

    async def run(make: Callable[[], Awaitable[T]]) -> T:
        async with semaphore:
            return await make()

    return list(await asyncio.gather(*(run(make) for make in makers)))
