"""expect: did not wait for the losers to finish cancelling

Cancels the losers but returns before they have finished."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    for next_done in asyncio.as_completed(tasks):
        try:
            result = await next_done
        except Exception:
            continue
        for task in tasks:
            task.cancel()
        return result
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
