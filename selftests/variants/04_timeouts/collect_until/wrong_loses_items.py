"""expect: lost the items it collected

The list is built inside the coroutine that the timeout cancels, so it is lost."""


async def collect_until(source, seconds):
    async def collect():
        return [item async for item in source]

    try:
        return await asyncio.wait_for(collect(), seconds)
    except TimeoutError:
        return []
