"""wait_for given a task instead of the coroutine: it cancels the task, and waits for it, all the same."""


async def fetch_or_default(make, timeout, default):
    task = asyncio.ensure_future(make())
    try:
        return await asyncio.wait_for(task, timeout=timeout)
    except asyncio.TimeoutError:
        return default
