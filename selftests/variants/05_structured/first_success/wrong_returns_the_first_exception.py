"""expect: the first to finish even though it failed

as_completed with the tasks' exceptions turned into values: the first failure is returned."""


async def first_success(makers):
    async def outcome(make):
        try:
            return await make()
        except Exception as error:
            return error

    tasks = [asyncio.create_task(outcome(make)) for make in makers]
    try:
        for next_done in asyncio.as_completed(tasks):
            return await next_done
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
