"""expect: waited a constant delay

Always waits base_delay."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(base_delay)
