"""expect: merge stopped when the first source ran out"""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(done)

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        while tasks:
            item = await queue.get()
            if item is done:
                break
            yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
