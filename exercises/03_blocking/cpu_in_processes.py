"""Heavy computation goes to other processes.

A coroutine that computes for a long time never reaches an `await`, so it freezes the event loop
just like time.sleep does. Threads do not fix that for Python code: a process runs Python
bytecode in one thread at a time (the GIL), so a computing thread takes the CPU away from the
loop's thread and the work gets no faster. Real parallel computation needs *processes*: each has
its own interpreter and its own GIL, so four processes can count on four cores at once.

| the work                   | goes to          | how                                           |
|----------------------------|------------------|-----------------------------------------------|
| waits, with an async API   | a coroutine      | await asyncio.sleep(...), aiohttp, ...        |
| waits, with a blocking API | a worker thread  | await asyncio.to_thread(func, *args)          |
| computes (Python code)     | a worker process | await loop.run_in_executor(pool, func, *args) |

    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        answer = await loop.run_in_executor(pool, count_primes, 100_000)

`run_in_executor` sends the function and its arguments to a worker process and gives you a
future to await; the loop runs other tasks until the answer comes back. The worker gets the
function *by name* (it is pickled), so pass a function defined at the top level of a module, such
as count_primes itself, never a lambda or a function defined inside another one. On Windows and
macOS, worker processes start fresh ("spawn") and import your module again: they see only what
is defined at its top level.

Your task: `count_primes(limit)` (given) counts the primes below `limit`, slowly, in pure Python.
Write `count_primes_all(limits)`: count_primes(limit) for every limit, in the order of `limits`,
each computed in a worker process of a ProcessPoolExecutor, all submitted at once. The loop stays
responsive meanwhile (starting and shutting down the pool may pause it briefly), and the main
process does not do the counting. `await count_primes_all([])` gives [].

These tests use the real clock and real processes: they measure how much CPU time the main
process spends, and check that a heartbeat task keeps ticking while your code runs.
"""
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


# TODO: count_primes(limit) for every limit in worker processes, submitted at once, in order.
async def count_primes_all(limits: list[int]) -> list[int]:
    raise NotImplementedError("count_primes_all")
