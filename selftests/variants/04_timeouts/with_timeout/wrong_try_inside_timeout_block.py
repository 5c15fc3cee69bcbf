"""expect: raised TimeoutError at the deadline

Inside the `async with asyncio.timeout()` block the operation sees a CancelledError; the
TimeoutError only comes out of the block, past this except."""


async def fetch_or_default(make, timeout, default):
    async with asyncio.timeout(timeout):
        try:
            return await make()
        except TimeoutError:
            return default
