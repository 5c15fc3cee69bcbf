"""expect: did not return when the source ended

Collects in the background and always sleeps until the deadline."""


async def collect_until(source, seconds):
    items = []

    async def consume():
        async for item in source:
            items.append(item)

    task = asyncio.create_task(consume())
    await asyncio.sleep(seconds)
    task.cancel()
    await asyncio.wait({task})
    return items
