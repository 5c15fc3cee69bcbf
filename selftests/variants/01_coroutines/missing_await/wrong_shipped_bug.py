"""expect: A coroutine was never awaited: get_price

The bug the stub ships with, left as it is.
"""


async def total_price(items):
    return sum(get_price(i) for i in items)
