"""expect: computed in threads"""
from concurrent.futures import ThreadPoolExecutor


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor() as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, count_primes, limit) for limit in limits))
