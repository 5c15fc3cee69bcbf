"""asyncio.wait(FIRST_COMPLETED) in a loop; asyncio.wait again to let the cancelled losers finish."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task in done and task.exception() is None:
                    return task.result()
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
