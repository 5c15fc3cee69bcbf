async def ticker(interval, count):
    loop = asyncio.get_running_loop()
    due = loop.time()
    for i in range(count):
        now = loop.time()
        if due > now:
            await asyncio.sleep(due - now)
        yield i
        due += interval


async def take(source, n):
    import contextlib

    items = []
    if hasattr(source, "aclose"):
        async with contextlib.aclosing(source):
            while len(items) < n:
                try:
                    items.append(await anext(source))
                except StopAsyncIteration:
                    break
    else:
        while len(items) < n:
            try:
                items.append(await anext(source))
            except StopAsyncIteration:
                break
    return items
