"""expect: fruit passed a coroutine object (fetch_water) to fetch_melon instead of the water"""


async def fruit():
    water = fetch_water()
    return await fetch_melon(water)
