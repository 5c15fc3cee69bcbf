"""expect: read_all called read_slowly on the event loop: its blocking time.sleep() froze the loop"""


async def read_all(paths):
    # read_slowly(path) runs right here, on the loop; to_thread only gets its result.
    return await asyncio.gather(*(asyncio.to_thread(lambda text=read_slowly(path): text) for path in paths))
