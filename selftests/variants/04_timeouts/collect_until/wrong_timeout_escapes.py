"""expect: let the TimeoutError escape"""


async def collect_until(source, seconds):
    items = []
    async with asyncio.timeout(seconds):
        async for item in source:
            items.append(item)
    return items
