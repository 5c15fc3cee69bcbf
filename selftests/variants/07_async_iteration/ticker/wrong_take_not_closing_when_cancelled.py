"""expect: take did not close the source when it was cancelled

Closes the source when reading fails, but `except Exception` misses a cancellation."""


async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        await asyncio.sleep(max(0.0, start + i * interval - loop.time()))
        yield i


async def take(source, n):
    items = []
    close = getattr(source, "aclose", None)
    try:
        while len(items) < n:
            try:
                items.append(await anext(source))
            except StopAsyncIteration:
                break
    except Exception:
        if close is not None:
            await close()
        raise
    if close is not None:
        await close()
    return items
