"""expect: forces the "fork" start method"""
import multiprocessing


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork")) as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, count_primes, limit) for limit in limits))
