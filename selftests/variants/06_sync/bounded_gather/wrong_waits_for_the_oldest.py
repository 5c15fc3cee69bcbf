"""expect: left a slot idle

A window of `limit` tasks, but it always waits for the oldest one to free a slot."""


async def bounded_gather(makers, limit):
    tasks = []
    for make in makers:
        running = [task for task in tasks if not task.done()]
        if len(running) >= limit:
            await running[0]
        tasks.append(asyncio.create_task(make()))
    return [await task for task in tasks]
