"""expect: fruit put the answer together itself

Skips fetch_melon and adds " melon" by hand.
"""


async def fruit():
    water = await fetch_water()
    await asyncio.sleep(0.5)
    return water + " melon"
