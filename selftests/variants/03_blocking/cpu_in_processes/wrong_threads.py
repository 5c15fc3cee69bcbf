"""expect: computed in threads"""


async def count_primes_all(limits):
    return await asyncio.gather(*(asyncio.to_thread(count_primes, limit) for limit in limits))
