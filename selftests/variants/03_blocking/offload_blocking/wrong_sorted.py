"""expect: read_all sorted the texts (or the paths)

Every read in a thread, all at once, and then the texts sorted.
"""


async def read_all(paths):
    return sorted(await asyncio.gather(*(asyncio.to_thread(read_slowly, p) for p in paths)))
