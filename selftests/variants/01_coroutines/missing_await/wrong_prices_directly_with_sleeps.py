"""expect: total_price looked the prices up in PRICES directly

Waits as long as the real thing and even calls get_price, but adds up PRICES itself.
"""


async def total_price(items):
    total = 0
    for item in items:
        await get_price(item)
        total += PRICES[item]
    return total
