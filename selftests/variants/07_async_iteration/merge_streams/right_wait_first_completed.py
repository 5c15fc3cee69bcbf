async def merge(*sources):
    async def read(source):
        return await anext(source)

    reading = {asyncio.create_task(read(source)): source for source in sources}
    try:
        while reading:
            done, _ = await asyncio.wait(reading, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda t: list(reading).index(t)):
                source = reading.pop(task)
                try:
                    item = task.result()
                except StopAsyncIteration:
                    continue
                reading[asyncio.create_task(read(source))] = source
                yield item
    finally:
        for task in reading:
            task.cancel()
        if reading:
            await asyncio.wait(reading)
