"""Tasks for both: awaited at once for the sequential one, kept in a TaskGroup for the concurrent one."""


async def main_sequential(out):
    await asyncio.create_task(say_after(1, "hello", out))
    await asyncio.create_task(say_after(2, "world", out))


async def main_concurrent(out):
    async with asyncio.TaskGroup() as group:
        group.create_task(say_after(1, "hello", out))
        group.create_task(say_after(2, "world", out))
