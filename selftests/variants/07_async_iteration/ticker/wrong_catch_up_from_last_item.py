"""expect: ticker drifted after a late item"""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    for i in range(count):
        if i:
            await asyncio.sleep(max(0, interval - (loop.time() - last)))
        last = loop.time()
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
