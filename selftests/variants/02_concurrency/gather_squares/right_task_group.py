async def squares(numbers):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(slow_square(n)) for n in numbers]
    return [task.result() for task in tasks]
