"""expect: did not call read_slowly"""


async def read_all(paths):
    return await asyncio.gather(*(asyncio.to_thread(path.read_text) for path in paths))
