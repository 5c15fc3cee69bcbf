"""expect: take did not close the source when reading it failed

aclose() after the loop, not in a finally: an error or a cancellation while reading skips it."""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
        yield i


async def take(source, n):
    items = []
    if n > 0:
        async for item in source:
            items.append(item)
            if len(items) == n:
                break
    if hasattr(source, "aclose"):
        await source.aclose()
    return items
