"""expect: did not call slow_square"""


async def squares(numbers):
    await asyncio.sleep(max((1 / (n + 1) for n in numbers), default=0))
    return [n * n for n in numbers]
