"""expect: merge went on after a source raised

A failing pump counts as finished; its error is raised only once every other source has run out."""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()
    errors = []

    async def pump(source):
        try:
            async for item in source:
                await queue.put(item)
        except Exception as error:
            errors.append(error)
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
        if errors:
            raise errors[0]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
