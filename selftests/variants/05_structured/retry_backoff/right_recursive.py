"""Recursion: one attempt, then retry the rest with the delay doubled."""


async def retry(make, attempts=3, base_delay=0.1):
    try:
        return await make()
    except Exception:
        if attempts <= 1:
            raise
    await asyncio.sleep(base_delay)
    return await retry(make, attempts - 1, base_delay * 2)
