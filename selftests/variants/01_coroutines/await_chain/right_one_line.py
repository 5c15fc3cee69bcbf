async def fruit():
    return await fetch_melon(await fetch_water())
