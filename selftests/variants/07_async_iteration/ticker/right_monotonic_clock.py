"""time.monotonic() in both places: in asyncio that is the clock loop.time() reads."""
import time


async def ticker(interval, count):
    start = time.monotonic()
    for i in range(count):
        await asyncio.sleep(max(0, start + i * interval - time.monotonic()))
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
