"""expect: round-robin"""


async def merge(*sources):
    live = list(sources)
    while live:
        for source in list(live):
            try:
                yield await anext(source)
            except StopAsyncIteration:
                live.remove(source)
