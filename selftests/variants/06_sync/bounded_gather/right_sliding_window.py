"""A sliding window: keep `limit` tasks running, asyncio.wait(FIRST_COMPLETED) for a free slot."""


async def bounded_gather(makers, limit):
    tasks = []
    running = set()
    for make in makers:
        if len(running) >= limit:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        task = asyncio.create_task(make())
        tasks.append(task)
        running.add(task)
    return [await task for task in tasks]
