"""expect: lost the item that arrived just before the deadline

Only keeps an item if there is at least a "comfortable" 0.25 s left before the deadline."""


async def collect_until(source, seconds):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    items = []
    try:
        async with asyncio.timeout(seconds):
            async for item in source:
                if deadline - loop.time() >= 0.25:
                    items.append(item)
    except TimeoutError:
        pass
    return items
