"""Every task started first, then each awaited in the order of numbers."""


async def squares(numbers):
    tasks = [asyncio.create_task(slow_square(n)) for n in numbers]
    return [await task for task in tasks]
