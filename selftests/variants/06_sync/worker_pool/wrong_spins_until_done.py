"""expect: busy waiting"""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    results = [None] * len(items)
    finished = []

    async def worker():
        while not queue.empty():
            index, item = queue.get_nowait()
            results[index] = await handle(item)
            finished.append(index)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    while len(finished) < len(items):
        await asyncio.sleep(0)
    return results
