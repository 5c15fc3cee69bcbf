"""expect: looked up in PRICES directly instead of through get_price"""


async def total_price(items):
    return sum(PRICES[item] for item in items)
