"""expect: process_all did not wait for the cancelled workers

gather raises the first failure at once; the finally cancels the workers, but never awaits them."""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    results = [None] * len(items)

    async def worker():
        while not queue.empty():
            index, item = queue.get_nowait()
            results[index] = await handle(item)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
    return results
