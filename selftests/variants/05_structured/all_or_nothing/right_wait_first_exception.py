"""asyncio.wait(FIRST_EXCEPTION), then cancel and await the rest, and group the failures by hand."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    failures = [task.exception() for task in tasks if task in done and task.exception() is not None]
    if failures:
        raise ExceptionGroup("some makers failed", failures)
    return [task.result() for task in tasks]
