async def count_primes_all(limits):
    pool = ProcessPoolExecutor()
    try:
        futures = [asyncio.wrap_future(pool.submit(count_primes, limit)) for limit in limits]
        return list(await asyncio.gather(*futures))
    finally:
        pool.shutdown(wait=False)
