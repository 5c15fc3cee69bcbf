"""expect: kept only the last price"""


async def total_price(items):
    total = 0
    for item in items:
        total = await get_price(item)
    return total
