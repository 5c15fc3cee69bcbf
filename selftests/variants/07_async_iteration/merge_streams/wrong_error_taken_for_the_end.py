"""expect: merge lost the error

The pump puts its end marker in a finally: a failing source just looks exhausted."""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        try:
            async for item in source:
                await queue.put(item)
        finally:
            queue.put_nowait(done)

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        running = len(tasks)
        while running:
            item = await queue.get()
            if item is done:
                running -= 1
            else:
                yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
