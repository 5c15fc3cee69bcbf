"""expect: raised StopAsyncIteration when the source ended"""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
        yield i


async def take(source, n):
    items = []
    try:
        for _ in range(n):
            items.append(await anext(source))
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
