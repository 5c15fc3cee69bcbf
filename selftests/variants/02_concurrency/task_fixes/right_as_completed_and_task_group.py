"""A TaskGroup for both_at_once; as_completed over the tasks for schedule_all."""


async def both_at_once(out):
    async with asyncio.TaskGroup() as group:
        group.create_task(say_after(1, "hello", out))
        group.create_task(say_after(2, "world", out))


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    for next_done in asyncio.as_completed(tasks):
        await next_done
