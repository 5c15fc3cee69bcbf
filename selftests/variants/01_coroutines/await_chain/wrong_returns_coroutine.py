"""expect: fruit returned a coroutine object (fetch_melon) instead of its result: an await is missing"""


async def fruit():
    water = await fetch_water()
    return fetch_melon(water)
