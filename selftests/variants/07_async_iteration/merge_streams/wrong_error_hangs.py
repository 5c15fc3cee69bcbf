"""expect: merge hung when a source raised

The lesson's first sketch: a pump that dies with its source's error never puts its end marker, so the
generator waits for it forever."""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(done)

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
