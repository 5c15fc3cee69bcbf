"""expect: did not raise promptly"""


async def process_all(items, handle, workers):
    queue = asyncio.Queue()
    for pair in enumerate(items):
        queue.put_nowait(pair)
    results = [None] * len(items)

    async def worker():
        while not queue.empty():
            index, item = queue.get_nowait()
            results[index] = await handle(item)

    outcomes = await asyncio.gather(*(worker() for _ in range(workers)), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return results
