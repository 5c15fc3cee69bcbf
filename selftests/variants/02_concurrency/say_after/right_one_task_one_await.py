"""One task in the background, the other call awaited directly meanwhile."""


async def main_sequential(out):
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out):
    hello = asyncio.create_task(say_after(1, "hello", out))
    await say_after(2, "world", out)
    await hello
