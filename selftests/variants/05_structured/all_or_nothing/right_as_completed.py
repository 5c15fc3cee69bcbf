"""as_completed: at the first failure, cancel the others, wait for them, and raise the failures as a group."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            await next_done
    except Exception:
        pass
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    failures = [task.exception() for task in tasks if not task.cancelled() and task.exception() is not None]
    if failures:
        raise ExceptionGroup("some makers failed", failures)
    return [task.result() for task in tasks]
