"""expect: waited for the whole timeout although the result arrived in time

Starts the operation, sleeps for the timeout, then looks."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.create_task(make())
    await asyncio.sleep(timeout)
    if task.done():
        return task.result()
    task.cancel()
    await asyncio.wait({task})
    return default
