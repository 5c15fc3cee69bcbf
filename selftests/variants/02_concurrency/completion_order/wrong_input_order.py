"""expect: returned the values in input order"""


async def finish_order(xs):
    return await asyncio.gather(*(minimum(x) for x in xs))
