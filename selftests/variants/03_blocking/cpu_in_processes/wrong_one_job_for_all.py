"""expect: submitted 1 job(s) for 4 limits"""


def count_many(limits):
    return [count_primes(limit) for limit in limits]


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        return await loop.run_in_executor(pool, count_many, limits)
