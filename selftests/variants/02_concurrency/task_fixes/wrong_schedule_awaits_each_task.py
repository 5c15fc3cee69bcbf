"""expect: schedule_all is sequential

Awaits each task right after creating it: the bug of both_at_once, repeated."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    for d in delays:
        await asyncio.create_task(say_after(d, str(d), out))
