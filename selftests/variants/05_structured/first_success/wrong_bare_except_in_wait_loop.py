"""expect: swallowed its own cancellation

asyncio.wait in a loop, with a bare except around it "in case a maker fails"."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    pending = set(tasks)
    try:
        while pending:
            try:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            except:  # noqa: E722
                continue
            for task in tasks:
                if task in done and task.exception() is None:
                    return task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
