"""expect: fixed batches"""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    results = []
    while not queue.empty():
        batch = [queue.get_nowait() for _ in range(min(workers, queue.qsize()))]
        results += await asyncio.gather(*(handle(item) for item in batch))
    return results
