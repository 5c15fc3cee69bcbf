async def process_all(items, handle, workers):
    # A TaskGroup cancels the other workers when one fails, and raises an ExceptionGroup.
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    results = [None] * len(items)

    async def worker():
        while not queue.empty():
            index, item = await queue.get()
            results[index] = await handle(item)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
    return results
