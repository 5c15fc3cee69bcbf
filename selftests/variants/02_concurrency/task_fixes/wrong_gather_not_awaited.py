"""expect: schedule_all called asyncio.gather(...) but never awaited it

The tasks are kept in a list and handed to gather, but the await in front of gather is missing.
"""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    asyncio.gather(*tasks)
