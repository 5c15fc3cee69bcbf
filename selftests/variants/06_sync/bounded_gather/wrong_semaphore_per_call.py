"""expect: exceeding the limit

Each wrapper makes its own semaphore, so nothing is shared and nothing is limited."""


async def bounded_gather(makers, limit):
    async def run(make):
        async with asyncio.Semaphore(limit):
            return await make()

    return await asyncio.gather(*(run(make) for make in makers))
