"""expect: exceeding the limit

Creates every task first, then takes a semaphore slot to await it: the tasks already run."""


async def bounded_gather(makers, limit):
    semaphore = asyncio.Semaphore(limit)
    tasks = [asyncio.create_task(make()) for make in makers]

    async def wait_for(task):
        async with semaphore:
            return await task

    return await asyncio.gather(*(wait_for(task) for task in tasks))
