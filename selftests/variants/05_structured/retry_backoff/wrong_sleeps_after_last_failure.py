"""expect: slept after the last failure

Waits after every failure, the last one too, then raises it."""


async def retry(make, attempts=3, base_delay=0.1):
    last = None
    for attempt in range(attempts):
        try:
            return await make()
        except Exception as error:
            last = error
        await asyncio.sleep(base_delay * 2 ** attempt)
    raise last
