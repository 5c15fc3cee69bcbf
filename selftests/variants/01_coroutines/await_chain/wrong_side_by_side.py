"""expect: ran both side by side

Fetches both at once to save time, so the melon cannot get the real water.
"""


async def fruit():
    _, melon = await asyncio.gather(fetch_water(), fetch_melon("water"))
    return melon
