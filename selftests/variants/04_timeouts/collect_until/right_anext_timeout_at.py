"""One deadline for the whole collection (timeout_at), anext item by item."""


async def collect_until(source, seconds):
    items = []
    deadline = asyncio.get_running_loop().time() + seconds
    try:
        async with asyncio.timeout_at(deadline):
            while True:
                items.append(await anext(source))
    except (TimeoutError, StopAsyncIteration):
        pass
    return items
