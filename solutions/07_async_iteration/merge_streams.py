"""Merging streams: every item as soon as it arrives: reference solution."""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


async def merge(*sources: AsyncIterator[T]) -> AsyncIterator[T]:
    queue: asyncio.Queue = asyncio.Queue()
    done = object()

    async def pump(source: AsyncIterator[T]) -> None:
        try:
            async for item in source:
                queue.put_nowait((item, None))
        except Exception as error:  # handed to the consumer
            queue.put_nowait((done, error))
        else:
            queue.put_nowait((done, None))

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        running = len(tasks)
        while running:
            item, error = await queue.get()
            if error is not None:
                raise error
            if item is done:
                running -= 1
            else:
                yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
