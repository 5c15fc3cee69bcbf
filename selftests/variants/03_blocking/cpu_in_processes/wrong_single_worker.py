"""expect: a single worker process"""


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1) as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, count_primes, limit) for limit in limits))
