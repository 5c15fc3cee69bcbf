"""expect: merge read the sources one after another"""


async def merge(*sources):
    for source in sources:
        async for item in source:
            yield item
