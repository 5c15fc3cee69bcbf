"""expect: sorted the values (smallest first)"""


async def finish_order(xs):
    return sorted(await asyncio.gather(*(minimum(x) for x in xs)))
