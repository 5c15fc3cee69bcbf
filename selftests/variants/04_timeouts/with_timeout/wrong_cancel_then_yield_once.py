"""expect: returned at the deadline while the cancelled operation was still cleaning up

Cancels the task and gives it one turn of the loop, which is not enough for a slow clean-up."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.create_task(make())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return default
