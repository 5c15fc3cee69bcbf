"""expect: waited for the sources to run out"""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(done)

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        running = len(sources)
        while running:
            item = await queue.get()
            if item is done:
                running -= 1
            else:
                yield item
    finally:
        await asyncio.gather(*tasks)
