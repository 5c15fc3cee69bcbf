"""expect: it read the time from time.time(), the wall clock

time.time() in both places: the wall clock jumps when the system clock is set; loop.time() is monotonic."""
import time


async def ticker(interval, count):
    start = time.time()
    for i in range(count):
        await asyncio.sleep(max(0, start + i * interval - time.time()))
        yield i


async def take(source, n):
    items = []
    try:
        if n > 0:
            async for item in source:
                items.append(item)
                if len(items) == n:
                    break
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
