async def total_price(items):
    prices = await asyncio.gather(*(get_price(item) for item in items))
    return sum(prices, 0.0)
