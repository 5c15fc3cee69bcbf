"""Collecting for a while: reference solution."""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


async def collect_until(source: AsyncIterator[T], seconds: float) -> list[T]:
    items = []
    try:
        async with asyncio.timeout(seconds):
            async for item in source:
                items.append(item)
    except TimeoutError:
        pass
    return items
