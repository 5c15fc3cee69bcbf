"""gather raises the first failure; then cancel the rest, wait for them, and group every failure so far."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        return list(await asyncio.gather(*tasks))
    except Exception:
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks)
        failures = [task.exception() for task in tasks if not task.cancelled() and task.exception() is not None]
        raise ExceptionGroup("fetch_all_or_nothing failed", failures) from None
