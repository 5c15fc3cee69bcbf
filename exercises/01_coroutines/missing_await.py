"""The missing await.

Calling a coroutine function does not run it. `get_price("apple")` does not give you 0.5: it gives
you a coroutine object, a paused computation that has not even started. Only `await` runs it and
hands you the number:

    get_price("apple")          # <coroutine object get_price ...>: no price yet
    await get_price("apple")    # 0.5, after 0.1 s

Forget the `await` and Python warns "RuntimeWarning: coroutine 'get_price' was never awaited",
usually far from the line that caused it. It is the most common asyncio bug there is; this kata
treats that warning as a failure.

Your task: `total_price(items)` below should add up the prices of the items, each one asked from
`get_price` (given). It ships with that classic bug: find it and fix it. The total of no items is
0, and an unknown item raises KeyError (get_price already does that: let it through).
"""
import asyncio

PRICES: dict[str, float] = {"apple": 0.5, "bread": 2.25, "cheese": 4.75, "milk": 1.2}


async def get_price(item: str) -> float:
    await asyncio.sleep(0.1)
    return PRICES[item]


# TODO: sum() here adds up coroutine objects, not prices: no get_price call ever runs. Fix it.
async def total_price(items: list[str]) -> float:
    return sum(get_price(i) for i in items)
