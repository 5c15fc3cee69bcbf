"""expect: swallowed the failure

gather(return_exceptions=True) puts a maker's exception among the results."""


async def bounded_gather(makers, limit):
    semaphore = asyncio.Semaphore(limit)

    async def run(make):
        async with semaphore:
            return await make()

    return await asyncio.gather(*(run(make) for make in makers), return_exceptions=True)
