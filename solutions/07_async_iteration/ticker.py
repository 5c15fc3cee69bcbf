"""A ticker that keeps time, and taking the first few items of a stream: reference solution."""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


async def ticker(interval: float, count: int) -> AsyncIterator[int]:
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
        yield i


async def take(source: AsyncIterator[T], n: int) -> list[T]:
    items: list[T] = []
    try:
        if n > 0:
            async for item in source:
                items.append(item)
                if len(items) == n:
                    break
    finally:
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
    return items
