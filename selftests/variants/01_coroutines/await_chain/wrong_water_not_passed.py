"""expect: fruit did not pass the water on"""


async def fruit():
    await fetch_water()
    return await fetch_melon("water")
