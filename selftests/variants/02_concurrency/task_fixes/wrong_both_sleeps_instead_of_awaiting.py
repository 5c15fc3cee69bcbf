"""expect: both_at_once returned before its tasks had finished: it waited a fixed time

Starts both tasks, then sleeps 2 s instead of awaiting them.
"""


async def both_at_once(out):
    asyncio.create_task(say_after(1, "hello", out))
    asyncio.create_task(say_after(2, "world", out))
    await asyncio.sleep(2)


async def schedule_all(delays, out):
    await asyncio.gather(*(say_after(d, str(d), out) for d in delays))
