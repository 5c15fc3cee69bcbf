"""Heavy computation goes to other processes: reference solution."""
import asyncio
from concurrent.futures import ProcessPoolExecutor


def count_primes(limit: int) -> int:
    """How many primes are below `limit`, by trial division: slow on purpose."""
    count = 0
    for n in range(2, limit):
        divisor = 2
        while divisor * divisor <= n:
            if n % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


async def count_primes_all(limits: list[int]) -> list[int]:
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        jobs = [loop.run_in_executor(pool, count_primes, limit) for limit in limits]
        return await asyncio.gather(*jobs)
