"""expect: called make() only once

Makes one coroutine and awaits it again and again."""


async def retry(make, attempts=3, base_delay=0.1):
    operation = make()
    for attempt in range(1, attempts + 1):
        try:
            return await operation
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(base_delay * 2 ** (attempt - 1))
