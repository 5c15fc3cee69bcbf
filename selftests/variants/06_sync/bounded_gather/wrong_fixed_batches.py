"""expect: ran fixed batches

Gathers `limit` makers at a time, one batch after another."""


async def bounded_gather(makers, limit):
    results = []
    for start in range(0, len(makers), limit):
        batch = makers[start:start + limit]
        results += await asyncio.gather(*(make() for make in batch))
    return results
