"""expect: losers left running

Returns the winner and forgets about the others."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    for next_done in asyncio.as_completed(tasks):
        try:
            return await next_done
        except Exception:
            pass
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
