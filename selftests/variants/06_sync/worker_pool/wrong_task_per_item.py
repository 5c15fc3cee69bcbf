"""expect: More than `workers` handles at once"""


async def process_all(items, handle, workers):
    return list(await asyncio.gather(*(handle(item) for item in items)))
