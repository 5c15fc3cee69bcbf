"""gather for both_at_once, a TaskGroup for schedule_all."""


async def both_at_once(out):
    await asyncio.gather(say_after(1, "hello", out), say_after(2, "world", out))


async def schedule_all(delays, out):
    async with asyncio.TaskGroup() as group:
        for d in delays:
            group.create_task(say_after(d, str(d), out))
