"""expect: is sequential

One maker after another."""


async def bounded_gather(makers, limit):
    return [await make() for make in makers]
