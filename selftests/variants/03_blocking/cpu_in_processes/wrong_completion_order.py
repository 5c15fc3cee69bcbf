"""expect: in the wrong order"""


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        jobs = [loop.run_in_executor(pool, count_primes, limit) for limit in limits]
        return [await job for job in asyncio.as_completed(jobs)]
