"""expect: swallowed its own cancellation

gather in a try, but `except BaseException`: its own cancellation is taken for a failed maker, and the
"group" of failures it then raises is empty."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks)
        failures = [task.exception() for task in tasks if not task.cancelled() and task.exception() is not None]
        raise ExceptionGroup("fetch_all_or_nothing failed", failures) from None
