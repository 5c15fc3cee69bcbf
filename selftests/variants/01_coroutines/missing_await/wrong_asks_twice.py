"""expect: asked get_price twice for every item"""


async def total_price(items):
    total = 0.0
    for item in items:
        if await get_price(item) is not None:
            total += await get_price(item)
    return total
