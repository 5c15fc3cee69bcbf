"""expect: instead of collecting it

Plain gather: the first exception escapes and the other awaitables run on unwatched."""


async def partition(aws):
    return await asyncio.gather(*aws), []
