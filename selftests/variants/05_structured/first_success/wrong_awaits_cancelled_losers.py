"""expect: raised CancelledError instead of returning the winner

Cancels the losers, then awaits them with a plain gather, which re-raises their cancellation."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    for next_done in asyncio.as_completed(tasks):
        try:
            result = await next_done
        except Exception:
            continue
        losers = [task for task in tasks if not task.done()]
        for task in losers:
            task.cancel()
        await asyncio.gather(*losers)
        return result
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
