async def total_price(items):
    return sum([await get_price(item) for item in items])
