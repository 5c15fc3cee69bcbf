"""expect: main_sequential ran the two calls at the same time"""


async def main_sequential(out):
    await asyncio.gather(say_after(1, "hello", out), say_after(2, "world", out))


async def main_concurrent(out):
    await asyncio.gather(say_after(1, "hello", out), say_after(2, "world", out))
