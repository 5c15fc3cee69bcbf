"""expect: ticker waited an interval before the first item"""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0, start + (i + 1) * interval - loop.time()))
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
