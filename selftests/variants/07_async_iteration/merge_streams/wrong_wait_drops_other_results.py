"""expect: grouped by source"""


async def merge(*sources):
    reading = {asyncio.ensure_future(anext(source)): source for source in sources}
    try:
        while reading:
            done, pending = await asyncio.wait(reading, return_when=asyncio.FIRST_COMPLETED)
            task = done.pop()
            source = reading[task]
            reading = {t: reading[t] for t in pending}
            try:
                item = task.result()
            except StopAsyncIteration:
                continue
            reading[asyncio.ensure_future(anext(source))] = source
            yield item
    finally:
        for task in reading:
            task.cancel()
        await asyncio.gather(*reading, return_exceptions=True)
