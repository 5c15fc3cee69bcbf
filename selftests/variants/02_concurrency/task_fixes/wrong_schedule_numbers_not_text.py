"""expect: appended the delays as numbers

Passes d itself instead of str(d) as the text."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    await asyncio.gather(*(say_after(d, d, out) for d in delays))
