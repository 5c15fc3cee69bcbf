"""expect: take failed on an async iterator that has no aclose()"""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
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
        await source.aclose()
    return items
