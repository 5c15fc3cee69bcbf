"""expect: read_all sorted the texts (or the paths)

Reads the paths in sorted order instead of the order given.
"""


async def read_all(paths):
    return await asyncio.gather(*(asyncio.to_thread(read_slowly, p) for p in sorted(paths)))
