"""say_after called with keyword arguments; asyncio.wait for the concurrent one."""


async def main_sequential(out):
    await say_after(delay=1, what="hello", out=out)
    await say_after(delay=2, what="world", out=out)


async def main_concurrent(out):
    calls = [say_after(delay=delay, what=what, out=out) for delay, what in [(1, "hello"), (2, "world")]]
    await asyncio.wait([asyncio.create_task(call) for call in calls])
