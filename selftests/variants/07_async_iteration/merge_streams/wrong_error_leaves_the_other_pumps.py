"""expect: merge left tasks behind: after a source raised

The error is handed over and raised, but only a normal end or an early close stops the other pumps:
there is no finally around the loop."""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        try:
            async for item in source:
                await queue.put((item, None))
        except Exception as error:
            await queue.put((done, error))
        else:
            await queue.put((done, None))

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    running = len(tasks)
    while running:
        item, error = await queue.get()
        if error is not None:
            raise error
        if item is done:
            running -= 1
            continue
        try:
            yield item
        except GeneratorExit:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
