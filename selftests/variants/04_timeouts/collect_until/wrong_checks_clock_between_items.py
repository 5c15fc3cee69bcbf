"""expect: checked the clock only between items

Looks at the clock only when an item has arrived."""


async def collect_until(source, seconds):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    items = []
    async for item in source:
        if loop.time() > deadline:
            break
        items.append(item)
    return items
