"""expect: returned at the first failure, leaving the others running

Catches gather's first exception and returns at once: the rest keep running."""


async def partition(aws):
    try:
        return list(await asyncio.gather(*aws)), []
    except Exception as error:
        return [], [error]
