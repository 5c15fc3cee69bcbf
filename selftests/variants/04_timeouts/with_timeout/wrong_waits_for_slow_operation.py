"""expect: waited for the slow operation to finish

Awaits the operation to the end, then compares the time it took with the timeout."""


async def fetch_or_default(make, timeout, default):
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await make()
    if loop.time() - start > timeout:
        return default
    return result
