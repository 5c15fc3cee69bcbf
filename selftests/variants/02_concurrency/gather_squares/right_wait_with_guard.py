async def squares(numbers):
    if not numbers:
        return []
    tasks = [asyncio.create_task(slow_square(n)) for n in numbers]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
