"""expect: used something only async generators have

Tidies up with aclose(), which plain async iterators do not have."""


async def collect_until(source, seconds):
    items = []
    try:
        async with asyncio.timeout(seconds):
            async for item in source:
                items.append(item)
    except TimeoutError:
        pass
    await source.aclose()
    return items
