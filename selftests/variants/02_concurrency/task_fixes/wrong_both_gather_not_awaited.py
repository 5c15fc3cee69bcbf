"""expect: both_at_once called asyncio.gather(...) but never awaited it

`from asyncio import gather`, and the await in front of it forgotten.
"""
from asyncio import gather


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    gather(task1, task2)


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    for task in tasks:
        await task
