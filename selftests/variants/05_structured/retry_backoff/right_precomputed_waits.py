"""The waits worked out up front (None after the last attempt), then one loop over them."""


async def retry(make, attempts=3, base_delay=0.1):
    waits = [base_delay * 2 ** k for k in range(attempts - 1)] + [None]
    for wait in waits:
        try:
            return await make()
        except Exception as error:
            if wait is None:
                raise error
        await asyncio.sleep(wait)
