"""expect: read_all called read_slowly on the event loop: its blocking time.sleep() froze the loop"""


async def read_all(paths):
    return [read_slowly(path) for path in paths]
