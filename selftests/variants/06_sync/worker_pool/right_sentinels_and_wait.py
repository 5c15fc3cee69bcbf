async def process_all(items, handle, workers):
    # Each worker stops at a sentinel (one per worker, after the items); asyncio.wait(FIRST_EXCEPTION)
    # notices a failing worker at once, then the others are cancelled and awaited.
    stop = object()
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    for _ in range(workers):
        queue.put_nowait(stop)
    results = [None] * len(items)

    async def worker():
        while (job := await queue.get()) is not stop:
            index, item = job
            results[index] = await handle(item)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                raise task.exception()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results
