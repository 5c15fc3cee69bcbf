"""expect: an unknown item should raise KeyError"""


async def total_price(items):
    total = 0
    for item in items:
        try:
            total += await get_price(item)
        except KeyError:
            pass
    return total
