"""expect: did not start every slow_square call at once"""


async def squares(numbers):
    # The first call runs alone; the rest start together once it is done.
    if not numbers:
        return []
    first = await slow_square(numbers[0])
    rest = await asyncio.gather(*(slow_square(n) for n in numbers[1:]))
    return [first, *rest]
