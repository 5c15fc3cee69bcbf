"""expect: swallowed the last exception

Falls off the end of the loop and returns None."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt < attempts:
                await asyncio.sleep(base_delay * 2 ** (attempt - 1))
