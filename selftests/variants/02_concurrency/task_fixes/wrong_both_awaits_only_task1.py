"""expect: returned before "world" was said

Both tasks created, but only task1 awaited."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    asyncio.create_task(say_after(2, "world", out))
    await task1


async def schedule_all(delays, out):
    await asyncio.gather(*(say_after(d, str(d), out) for d in delays))

