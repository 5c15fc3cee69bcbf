"""expect: did not wait for the cancelled siblings to finish

Cancels the others at the first failure, but raises before they have finished cancelling."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()
    failures = [task.exception() for task in done if task.exception() is not None]
    if failures:
        raise ExceptionGroup("some makers failed", failures)
    return [task.result() for task in tasks]
