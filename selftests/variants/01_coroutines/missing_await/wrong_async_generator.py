"""expect: total_price passed sum() an async generator"""


async def total_price(items):
    return sum(await get_price(i) for i in items)
