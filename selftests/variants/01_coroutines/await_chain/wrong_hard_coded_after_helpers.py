"""expect: the answer was typed in, not taken from fetch_melon

Calls both helpers the right way, then ignores what they returned.
"""


async def fruit():
    water = await fetch_water()
    await fetch_melon(water)
    return "water melon"
