"""expect: schedule_all returned before its tasks had finished: it waited a fixed time

Sleeps for the largest delay instead of awaiting the tasks: right only while say_after takes exactly
its delay, and not a moment longer.
"""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    for d in delays:
        asyncio.create_task(say_after(d, str(d), out))
    await asyncio.sleep(max(delays, default=0))
