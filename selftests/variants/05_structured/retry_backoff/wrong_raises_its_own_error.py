"""expect: instead of the last exception itself

Raises a new error of its own instead of the last failure."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception as error:
            if attempt == attempts:
                raise RuntimeError(f"gave up after {attempts} attempts") from error
        await asyncio.sleep(base_delay * 2 ** (attempt - 1))
