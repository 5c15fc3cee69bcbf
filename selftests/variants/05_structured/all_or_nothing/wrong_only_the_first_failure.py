"""expect: misses failure(s) that happened before the others were cancelled

Stops at the first failure seen (cancelling and awaiting the rest), but groups only that one."""


async def fetch_all_or_nothing(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            await next_done
    except Exception as error:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise ExceptionGroup("a maker failed", [error])
    return [task.result() for task in tasks]
