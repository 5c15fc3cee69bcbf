"""expect: squares sorted the squares"""


async def squares(numbers):
    return sorted(await asyncio.gather(*(slow_square(n) for n in numbers)))
