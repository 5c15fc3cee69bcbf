"""A while loop, a delay that doubles, and the last error kept and re-raised after the loop."""


async def retry(make, attempts=3, base_delay=0.1):
    delay = base_delay
    tries = 0
    while True:
        tries += 1
        try:
            return await make()
        except Exception as error:
            if tries >= attempts:
                raise error
        await asyncio.sleep(delay)
        delay *= 2
