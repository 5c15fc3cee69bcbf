"""expect: with no makers it should return [] at once

A sliding window with asyncio.wait, which refuses an empty set."""


async def bounded_gather(makers, limit):
    tasks = []
    running = set()
    for make in makers:
        if len(running) >= limit:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        task = asyncio.create_task(make())
        tasks.append(task)
        running.add(task)
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
