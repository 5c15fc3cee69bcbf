"""expect: that is a task per item, not a pool"""


async def process_all(items, handle, workers):
    slots = asyncio.Semaphore(workers)

    async def one(item):
        async with slots:
            return await handle(item)

    return list(await asyncio.gather(*(one(item) for item in items)))
