"""expect: partition put a cancellation into the exceptions list

A bare except catches the CancelledError of a cancelled awaitable too.
"""
import sys


async def partition(aws):
    results, exceptions = [], []
    futures = [asyncio.ensure_future(aw) for aw in aws]
    for future in futures:
        try:
            await future
        except:  # noqa: E722
            exceptions.append(sys.exc_info()[1])
        else:
            results.append(future.result())
    return results, exceptions
