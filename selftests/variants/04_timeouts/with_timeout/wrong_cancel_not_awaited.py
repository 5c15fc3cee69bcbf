"""expect: returned before it had finished unwinding

Cancels the task at the deadline but does not wait for it to end."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.create_task(make())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    return default
