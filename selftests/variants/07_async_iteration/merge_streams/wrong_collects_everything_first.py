"""expect: held the items back"""


async def merge(*sources):
    arrived = []

    async def pump(source):
        async for item in source:
            arrived.append(item)

    await asyncio.gather(*(pump(source) for source in sources))
    for item in arrived:
        yield item
