"""asyncio.timeout_at with a deadline of its own making."""


async def fetch_or_default(make, timeout, default):
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        async with asyncio.timeout_at(deadline):
            return await make()
    except TimeoutError:
        return default
