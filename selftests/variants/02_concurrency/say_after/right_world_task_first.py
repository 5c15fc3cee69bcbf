"""The "world" task created first: the order the tasks start in does not matter, only that they overlap."""


async def main_sequential(out):
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out):
    world = asyncio.create_task(say_after(2, "world", out))
    hello = asyncio.create_task(say_after(1, "hello", out))
    await hello
    await world
