"""expect: waited for the workers' results on the event loop"""


async def count_primes_all(limits):
    with ProcessPoolExecutor() as pool:
        return list(pool.map(count_primes, limits))
