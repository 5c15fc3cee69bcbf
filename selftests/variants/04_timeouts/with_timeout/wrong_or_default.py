"""expect: None is a result, not a sign of a timeout

`result or default` turns every falsy result (0, None, "") into the default.
"""


async def fetch_or_default(make, timeout, default):
    try:
        return await asyncio.wait_for(make(), timeout) or default
    except TimeoutError:
        return default
