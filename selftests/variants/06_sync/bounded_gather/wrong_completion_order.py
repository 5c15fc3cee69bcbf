"""expect: in the order the makers finished

Right limit, but each result is appended when its maker finishes."""


async def bounded_gather(makers, limit):
    semaphore = asyncio.Semaphore(limit)
    results = []

    async def run(make):
        async with semaphore:
            results.append(await make())

    await asyncio.gather(*(run(make) for make in makers))
    return results
