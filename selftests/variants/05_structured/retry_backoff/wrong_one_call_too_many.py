"""expect: more than attempts allows

Counts `attempts` retries after the first call."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(base_delay * 2 ** attempt)
