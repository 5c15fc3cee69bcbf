"""expect: one after another"""


async def read_all(paths):
    return await asyncio.to_thread(lambda: [read_slowly(path) for path in paths])
