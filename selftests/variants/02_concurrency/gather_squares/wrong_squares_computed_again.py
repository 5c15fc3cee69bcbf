"""expect: squares computed the squares itself instead of returning what slow_square returned

Runs every slow_square at once, then throws the results away and squares the numbers again.
"""


async def squares(numbers):
    await asyncio.gather(*(slow_square(n) for n in numbers))
    return [n * n for n in numbers]
