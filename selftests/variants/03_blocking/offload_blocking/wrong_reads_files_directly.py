"""expect: froze the event loop"""


async def read_all(paths):
    await asyncio.sleep(0.2)
    return [path.read_text() for path in paths]
