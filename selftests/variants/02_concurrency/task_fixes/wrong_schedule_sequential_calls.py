"""expect: schedule_all is sequential

No tasks at all: awaits say_after for each delay in turn."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    for d in delays:
        await say_after(d, str(d), out)
