"""expect: Closing merge early with aclose() raised"""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(done)

    async with asyncio.TaskGroup() as group:
        for source in sources:
            group.create_task(pump(source))
        running = len(sources)
        while running:
            item = await queue.get()
            if item is done:
                running -= 1
            else:
                yield item
