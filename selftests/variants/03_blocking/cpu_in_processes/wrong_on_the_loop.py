"""expect: computed on the event loop"""


async def count_primes_all(limits):
    return [count_primes(limit) for limit in limits]
