"""expect: awaited the calls one after another"""


async def squares(numbers):
    result = []
    for n in numbers:
        result.append(await slow_square(n))
    return result
