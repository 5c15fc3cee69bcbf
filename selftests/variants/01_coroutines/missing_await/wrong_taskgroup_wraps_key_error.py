"""expect: instead of a plain KeyError"""


async def total_price(items):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(get_price(item)) for item in items]
    return sum(task.result() for task in tasks)
