"""expect: ran the processes one after another"""


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    counts = []
    with ProcessPoolExecutor() as pool:
        for limit in limits:
            counts.append(await loop.run_in_executor(pool, count_primes, limit))
    return counts
