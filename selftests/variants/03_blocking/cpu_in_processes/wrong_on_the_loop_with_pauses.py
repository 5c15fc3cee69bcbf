"""expect: computed on the event loop"""


async def count_primes_all(limits):
    counts = []
    for limit in limits:
        counts.append(count_primes(limit))
        await asyncio.sleep(0)  # lets other tasks run between counts, but each count still freezes the loop
    return counts
