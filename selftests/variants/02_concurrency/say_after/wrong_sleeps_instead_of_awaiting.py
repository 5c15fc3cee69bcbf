"""expect: main_concurrent returned before "world" was said

Starts both tasks, then sleeps 2 s instead of awaiting them: "world" is due at the very moment it returns.
"""


async def main_sequential(out):
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out):
    asyncio.create_task(say_after(1, "hello", out))
    asyncio.create_task(say_after(2, "world", out))
    await asyncio.sleep(2)
