"""expect: read_all called read_slowly(path) on the event loop and handed its result to the thread

The lesson's warning, ignored: read_slowly(path) runs right here, and to_thread gets the text.
"""


async def read_all(paths):
    return await asyncio.gather(*[asyncio.to_thread(read_slowly(path)) for path in paths])
