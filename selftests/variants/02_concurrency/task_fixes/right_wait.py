"""Tasks created first, then asyncio.wait (guarding the empty list, which wait refuses)."""


async def both_at_once(out):
    tasks = [asyncio.create_task(say_after(1, "hello", out)), asyncio.create_task(say_after(2, "world", out))]
    await asyncio.wait(tasks)


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    if tasks:
        await asyncio.wait(tasks)
