"""expect: in the order the reads finished"""


async def read_all(paths):
    threads = [asyncio.to_thread(read_slowly, path) for path in paths]
    return [await text for text in asyncio.as_completed(threads)]
