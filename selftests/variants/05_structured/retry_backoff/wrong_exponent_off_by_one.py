"""expect: first wait was

Waits base_delay * 2 ** k after failure k: 0.2 s, 0.4 s, 0.8 s."""


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(base_delay * 2 ** attempt)
