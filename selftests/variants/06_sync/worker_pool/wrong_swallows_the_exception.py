"""expect: process_all swallowed the exception"""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    results = [None] * len(items)

    async def worker():
        while not queue.empty():
            index, item = queue.get_nowait()
            try:
                results[index] = await handle(item)
            except Exception:
                pass

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
