"""expect: it must be "all failed"

The right exceptions, the wrong message."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except Exception:
                pass
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("every maker failed", [task.exception() for task in tasks])
