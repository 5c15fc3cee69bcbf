"""The "world" task created first, say_after called with keywords."""


async def both_at_once(out):
    world = asyncio.create_task(say_after(delay=2, what="world", out=out))
    hello = asyncio.create_task(say_after(delay=1, what="hello", out=out))
    await hello
    await world


async def schedule_all(delays, out):
    tasks = [asyncio.create_task(say_after(delay=d, what=str(d), out=out)) for d in delays]
    await asyncio.gather(*tasks)
