"""expect: left the source's pending step running

asyncio.wait with a timeout stops waiting, but the collecting task goes on."""


async def collect_until(source, seconds):
    items = []

    async def consume():
        async for item in source:
            items.append(item)

    task = asyncio.create_task(consume())
    await asyncio.wait({task}, timeout=seconds)
    return list(items)
