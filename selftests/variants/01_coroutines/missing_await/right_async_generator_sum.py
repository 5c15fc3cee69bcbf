"""The prices from an async generator, added up with async for."""


async def total_price(items):
    async def prices():
        for item in items:
            yield await get_price(item)

    total = 0
    async for price in prices():
        total += price
    return total
