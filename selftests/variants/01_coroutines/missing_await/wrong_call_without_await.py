"""expect: A coroutine was never awaited: get_price

Calls get_price but forgets to await it; the sum comes from PRICES, so nothing crashes.
"""


async def total_price(items):
    total = 0
    for item in items:
        get_price(item)
        total += PRICES[item]
    return total
