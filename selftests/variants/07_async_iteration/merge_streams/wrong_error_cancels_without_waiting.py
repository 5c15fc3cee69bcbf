"""expect: merge cancelled its tasks but did not wait for them to finish: after a source raised

Right on aclose(); but on a source's error it cancels the other pumps and raises at once."""


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
    try:
        running = len(tasks)
        while running:
            item, error = await queue.get()
            if error is not None:
                for task in tasks:
                    task.cancel()
                tasks = []
                raise error
            if item is done:
                running -= 1
            else:
                yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
