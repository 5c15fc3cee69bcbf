"""expect: swallowed the cancellation of its caller

A bare except catches the caller's CancelledError too (and every other exception)."""


async def fetch_or_default(make, timeout, default):
    try:
        return await asyncio.wait_for(make(), timeout)
    except:  # noqa: E722
        return default
