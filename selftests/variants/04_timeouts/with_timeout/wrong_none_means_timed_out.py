"""expect: None is a result, not a sign of a timeout

Starts from result = None and takes None to mean "timed out": an operation that returns None gets
the default instead.
"""


async def fetch_or_default(make, timeout, default):
    result = None
    try:
        result = await asyncio.wait_for(make(), timeout)
    except TimeoutError:
        pass
    return result if result is not None else default
