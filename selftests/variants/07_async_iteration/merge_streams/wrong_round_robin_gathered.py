"""expect: round-robin"""


async def merge(*sources):
    live = list(sources)

    async def read(source):
        try:
            return await anext(source)
        except StopAsyncIteration:
            return StopAsyncIteration

    while live:
        results = await asyncio.gather(*(read(source) for source in live))
        for source, item in zip(list(live), results):
            if item is StopAsyncIteration:
                live.remove(source)
            else:
                yield item
