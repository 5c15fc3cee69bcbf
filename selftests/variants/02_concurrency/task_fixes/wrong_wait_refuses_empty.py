"""expect: schedule_all([], out) raised ValueError

asyncio.wait on every task, with no guard for an empty list of delays.
"""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await asyncio.wait([task1, task2])


async def schedule_all(delays, out):
    await asyncio.wait([asyncio.create_task(say_after(d, str(d), out)) for d in delays])
