"""expect: take(source, 0) read from the source"""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
        yield i


async def take(source, n):
    items = []
    try:
        async for item in source:
            items.append(item)
            if len(items) >= n:
                break
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
