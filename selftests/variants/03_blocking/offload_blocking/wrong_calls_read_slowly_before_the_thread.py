"""expect: froze the event loop: time.sleep()"""


async def read_all(paths):
    # read_slowly(path) runs right here, on the loop; to_thread only gets its result.
    return await asyncio.gather(*(asyncio.to_thread(lambda text=read_slowly(path): text) for path in paths))
