"""expect: froze while the worker processes counted"""


async def count_primes_all(limits):
    with ProcessPoolExecutor() as pool:
        futures = [pool.submit(count_primes, limit) for limit in limits]
    # Leaving the with block waited, on the loop, for every count to finish.
    return [future.result() for future in futures]
