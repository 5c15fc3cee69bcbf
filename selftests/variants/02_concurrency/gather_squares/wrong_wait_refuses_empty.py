"""expect: squares([]) raised ValueError"""


async def squares(numbers):
    tasks = [asyncio.create_task(slow_square(n)) for n in numbers]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
