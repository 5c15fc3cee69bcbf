"""expect: in the order they finished"""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    results = []

    async def worker():
        while not queue.empty():
            results.append(await handle(queue.get_nowait()))

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
