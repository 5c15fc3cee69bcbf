"""expect: ticker waited far longer than its schedule

Starts from the wall clock (time.time()) and measures the waits on the loop's clock: two clocks that
do not share a zero."""
import time


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = time.time()
    for i in range(count):
        await asyncio.sleep(max(0, start + i * interval - loop.time()))
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
