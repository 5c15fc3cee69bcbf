"""expect: merge left tasks behind"""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(done)

    for source in sources:
        asyncio.create_task(pump(source))
    running = len(sources)
    while running:
        item = await queue.get()
        if item is done:
            running -= 1
        else:
            yield item
