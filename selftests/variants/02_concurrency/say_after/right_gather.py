async def main_sequential(out):
    for delay, what in [(1, "hello"), (2, "world")]:
        await say_after(delay, what, out)


async def main_concurrent(out):
    await asyncio.gather(say_after(1, "hello", out), say_after(2, "world", out))
