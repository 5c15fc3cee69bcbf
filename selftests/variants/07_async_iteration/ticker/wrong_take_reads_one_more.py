"""expect: take read 1 item(s) more than it needed"""


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
            if len(items) == n:
                break
            items.append(item)
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
