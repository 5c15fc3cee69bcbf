"""expect: left the operation running after its caller cancelled it

Cancels the task at the deadline, but not when the caller is cancelled."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.create_task(make())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.wait({task})
    return default
