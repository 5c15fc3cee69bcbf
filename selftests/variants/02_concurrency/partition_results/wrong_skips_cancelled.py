"""expect: partition swallowed the cancellation of an awaitable

Waits for everything, then quietly leaves out what was cancelled.
"""


async def partition(aws):
    futures = [asyncio.ensure_future(aw) for aw in aws]
    if futures:
        await asyncio.wait(futures)
    results, exceptions = [], []
    for future in futures:
        if future.cancelled():
            continue
        if future.exception() is None:
            results.append(future.result())
        else:
            exceptions.append(future.exception())
    return results, exceptions
