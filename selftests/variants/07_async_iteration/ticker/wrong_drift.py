"""expect: ticker drifted: it slept the full interval after each item"""


async def ticker(interval, count):
    for i in range(count):
        yield i
        await asyncio.sleep(interval)


async def take(source, n):
    items = []
    try:
        if n > 0:
            async for item in source:
                items.append(item)
                if len(items) == n:
                    break
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
