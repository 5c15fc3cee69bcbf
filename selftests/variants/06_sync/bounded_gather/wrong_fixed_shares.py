"""expect: left a slot idle

`limit` workers, each given every limit-th maker in advance: a worker with quick makers goes idle
while another still has a queue of its own."""


async def bounded_gather(makers, limit):
    results = [None] * len(makers)

    async def worker(first):
        for index in range(first, len(makers), limit):
            results[index] = await makers[index]()

    await asyncio.gather(*(worker(first) for first in range(limit)))
    return results
