"""expect: fruit called fetch_water 2 times"""


async def fruit():
    if not await fetch_water():
        return ""
    return await fetch_melon(await fetch_water())
