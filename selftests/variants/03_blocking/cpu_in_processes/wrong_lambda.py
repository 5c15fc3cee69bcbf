"""expect: a function they cannot receive"""


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, lambda n=limit: count_primes(n))
                                      for limit in limits))
