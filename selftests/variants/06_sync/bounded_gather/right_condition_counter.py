"""A count of running makers guarded by an asyncio.Condition: wait_for a free slot, notify when one frees."""


async def bounded_gather(makers, limit):
    slots = asyncio.Condition()
    running = 0

    async def run(make):
        nonlocal running
        async with slots:
            await slots.wait_for(lambda: running < limit)
            running += 1
        try:
            return await make()
        finally:
            async with slots:
                running -= 1
                slots.notify()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(run(make)) for make in makers]
    return [task.result() for task in tasks]
