"""expect: returned before all of its tasks had finished

Creates every task but awaits only the first one."""


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    if tasks:
        await tasks[0]
