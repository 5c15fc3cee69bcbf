"""expect: swallowed an exception of the operation

Any error at all becomes the default."""


async def fetch_or_default(make, timeout, default):
    try:
        return await asyncio.wait_for(make(), timeout)
    except Exception:
        return default
