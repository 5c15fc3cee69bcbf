"""expect: left a slot idle

Semaphore(limit - 1): one slot is never used."""


async def bounded_gather(makers, limit):
    semaphore = asyncio.Semaphore(max(limit - 1, 1))

    async def run(make):
        async with semaphore:
            return await make()

    return await asyncio.gather(*(run(make) for make in makers))
