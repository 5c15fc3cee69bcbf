"""expect: instead of collecting it

TaskGroup: the first failure cancels the others and an ExceptionGroup escapes."""


async def partition(aws):
    async def wait_for(aw):
        return await aw

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(wait_for(aw)) for aw in aws]
    return [task.result() for task in tasks], []
