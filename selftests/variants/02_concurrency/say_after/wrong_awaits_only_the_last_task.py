"""expect: main_concurrent returned while a task it started was still running

Both tasks start at once, but only the second is awaited: it happens to finish last with the given
delays, so the mistake only shows when "hello" is the slower call.
"""
import asyncio


async def main_sequential(out):
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out):
    asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task2
