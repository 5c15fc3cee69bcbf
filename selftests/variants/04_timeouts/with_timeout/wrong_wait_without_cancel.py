"""expect: left the operation running after the deadline

asyncio.wait with a timeout stops waiting, but the task goes on."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.create_task(make())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    return default
