"""expect: ignored base_delay

The waits start at 0.1 s whatever base_delay says."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(0.1 * 2 ** (attempt - 1))
