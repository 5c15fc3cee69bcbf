"""Futures for everything (ensure_future), asyncio.wait, then read each one in input order."""


async def partition(aws):
    futures = [asyncio.ensure_future(aw) for aw in aws]
    if futures:
        await asyncio.wait(futures)
    results, exceptions = [], []
    for fut in futures:
        error = fut.exception()
        if error is None:
            results.append(fut.result())
        else:
            exceptions.append(error)
    return results, exceptions
