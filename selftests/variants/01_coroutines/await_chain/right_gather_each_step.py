"""Each step through asyncio.gather of one awaitable: still one after the other."""


async def fruit():
    [water] = await asyncio.gather(fetch_water())
    [melon] = await asyncio.gather(fetch_melon(water))
    return melon
