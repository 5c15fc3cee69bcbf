"""expect: fails with the "spawn" start method"""
_limits = []


def count_at(index):
    return count_primes(_limits[index])  # a spawned worker imports the module afresh: _limits is empty there


async def count_primes_all(limits):
    _limits[:] = limits
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, count_at, i) for i in range(len(limits))))
