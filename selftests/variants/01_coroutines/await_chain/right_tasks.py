async def fruit():
    water_task = asyncio.create_task(fetch_water())
    water = await water_task
    melon_task = asyncio.create_task(fetch_melon(water=water))
    return await melon_task
