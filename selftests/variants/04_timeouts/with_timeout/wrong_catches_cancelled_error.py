"""expect: swallowed the cancellation of its caller

Thinks the timeout shows up as a CancelledError, and catches both."""


async def fetch_or_default(make, timeout, default):
    try:
        return await asyncio.wait_for(make(), timeout)
    except (asyncio.TimeoutError, asyncio.CancelledError):
        return default
