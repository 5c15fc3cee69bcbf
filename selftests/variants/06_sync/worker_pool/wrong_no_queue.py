"""expect: did not feed the items through an asyncio.Queue"""


async def process_all(items, handle, workers):
    todo = iter(enumerate(items))
    results = [None] * len(items)

    async def worker():
        for index, item in todo:
            results[index] = await handle(item)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
