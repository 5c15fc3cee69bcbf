"""expect: swallowed its own cancellation

The docs' recipe, but `except BaseException`: its own cancellation looks like one more failed maker."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except BaseException:
                pass
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("all failed", [task.exception() for task in tasks])
