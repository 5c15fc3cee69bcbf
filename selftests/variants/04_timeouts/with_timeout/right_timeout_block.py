async def fetch_or_default(make, timeout, default):
    try:
        async with asyncio.timeout(timeout):
            return await make()
    except TimeoutError:
        return default
