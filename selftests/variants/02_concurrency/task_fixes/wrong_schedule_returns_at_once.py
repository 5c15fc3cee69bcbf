"""expect: schedule_all returned at once, before its tasks had finished

The stub's schedule_all left as it is (both_at_once fixed)."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    for d in delays:
        asyncio.create_task(say_after(d, str(d), out))
