"""expect: did the timeout start again for every item

Gives every item `seconds`, instead of the whole collection."""


async def collect_until(source, seconds):
    items = []
    while True:
        try:
            items.append(await asyncio.wait_for(anext(source), seconds))
        except (TimeoutError, StopAsyncIteration):
            return items
