"""expect: a bare exception instead of an ExceptionGroup

A TaskGroup, but the first failure is unwrapped and raised on its own."""


async def fetch_all_or_nothing(makers):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(make()) for make in makers]
    except ExceptionGroup as failures:
        raise failures.exceptions[0]
    return [task.result() for task in tasks]
