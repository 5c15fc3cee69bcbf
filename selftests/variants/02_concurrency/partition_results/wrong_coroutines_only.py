"""expect: only handles coroutines

create_task on every awaitable: fine for coroutines, a TypeError for tasks and futures."""


async def partition(aws):
    tasks = [asyncio.create_task(aw) for aw in aws]
    if tasks:
        await asyncio.wait(tasks)
    results = [t.result() for t in tasks if t.exception() is None]
    exceptions = [t.exception() for t in tasks if t.exception() is not None]
    return results, exceptions
