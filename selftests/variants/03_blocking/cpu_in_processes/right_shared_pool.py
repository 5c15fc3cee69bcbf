_pool = None


async def count_primes_all(limits):
    # One pool for the whole program, created on first use and reused by every call.
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor()
    loop = asyncio.get_running_loop()
    return await asyncio.gather(*(loop.run_in_executor(_pool, count_primes, limit) for limit in limits))
