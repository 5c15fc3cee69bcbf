"""expect: froze the event loop: time.sleep()"""


async def read_all(paths):
    return [read_slowly(path) for path in paths]
