"""expect: returned before "world" was said"""


async def main_sequential(out):
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out):
    asyncio.create_task(say_after(2, "world", out))
    await say_after(1, "hello", out)
