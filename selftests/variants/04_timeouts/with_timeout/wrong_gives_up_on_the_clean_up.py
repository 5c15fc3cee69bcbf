"""expect: while the cancelled operation was still cleaning up

Cancels at the deadline, then gives the operation only 1 s to unwind.
"""


async def fetch_or_default(make, timeout, default):
    task = asyncio.ensure_future(make())
    done, _ = await asyncio.wait([task], timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.wait([task], timeout=1.0)
    return default
