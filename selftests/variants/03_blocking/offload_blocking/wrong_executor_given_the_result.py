"""expect: read_all called read_slowly(path) on the event loop and handed its result to the thread

run_in_executor, each read awaited in turn, with the call made on the loop.
"""


async def read_all(paths):
    loop = asyncio.get_running_loop()
    texts = []
    for path in paths:
        texts.append(await loop.run_in_executor(None, read_slowly(path)))
    return texts
