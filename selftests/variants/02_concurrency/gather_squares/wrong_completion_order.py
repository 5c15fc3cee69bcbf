"""expect: in the order the calls finished"""


async def squares(numbers):
    return [await next_done for next_done in asyncio.as_completed([slow_square(n) for n in numbers])]
