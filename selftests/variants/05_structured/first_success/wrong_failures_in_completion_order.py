"""expect: in the order the makers failed, not in the order of makers

Collects the failures as they come."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    errors = []
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except Exception as error:
                errors.append(error)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("all failed", errors)
