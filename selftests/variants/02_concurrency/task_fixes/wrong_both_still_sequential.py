"""expect: both_at_once is still sequential

The stub's both_at_once left as it is (schedule_all fixed)."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    await task1
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task2


async def schedule_all(delays, out):
    await asyncio.gather(*(say_after(d, str(d), out) for d in delays))

