"""expect: a missing await"""


async def squares(numbers):
    return asyncio.gather(*(slow_square(n) for n in numbers))
