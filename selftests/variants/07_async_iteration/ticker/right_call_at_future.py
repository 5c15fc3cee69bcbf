async def ticker(interval, count):
    # Each item waits for a future that loop.call_at completes at the item's due time.
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(count):
        due = start + i * interval
        if due > loop.time():
            tick = loop.create_future()
            handle = loop.call_at(due, tick.set_result, None)
            try:
                await tick
            finally:
                handle.cancel()
        yield i


async def take(source, n):
    items = []
    try:
        while len(items) < n:
            try:
                items.append(await source.__anext__())
            except StopAsyncIteration:
                break
    finally:
        close = getattr(source, "aclose", None)
        if close is not None:
            await close()
    return items
