"""expect: used the maker itself where its coroutine belongs"""


async def fetch_or_default(make, timeout, default):
    try:
        return await asyncio.wait_for(make, timeout)
    except TimeoutError:
        return default
