"""`limit` workers take the next maker's index from a shared queue and store results by index."""


async def bounded_gather(makers, limit):
    results = [None] * len(makers)
    queue = asyncio.Queue()
    for index in range(len(makers)):
        queue.put_nowait(index)

    async def worker():
        while not queue.empty():
            index = queue.get_nowait()
            results[index] = await makers[index]()

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(makers))):
            group.create_task(worker())
    return results
