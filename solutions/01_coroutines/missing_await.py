"""The missing await: reference solution."""
import asyncio

PRICES: dict[str, float] = {"apple": 0.5, "bread": 2.25, "cheese": 4.75, "milk": 1.2}


async def get_price(item: str) -> float:
    await asyncio.sleep(0.1)
    return PRICES[item]


async def total_price(items: list[str]) -> float:
    total = 0
    for item in items:
        total += await get_price(item)
    return total
