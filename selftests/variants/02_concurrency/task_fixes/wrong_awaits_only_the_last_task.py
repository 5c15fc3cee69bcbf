"""expect: both_at_once returned while a task it started was still running

Both tasks start at once, but only the second is awaited: with the given delays it finishes last, so
the mistake only shows when "hello" is the slower call.
"""
import asyncio


async def both_at_once(out):
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task2
    return task1


async def schedule_all(delays, out):
    await asyncio.gather(*(say_after(d, str(d), out) for d in delays))
