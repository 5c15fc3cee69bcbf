"""expect: in the order the makers finished

A TaskGroup whose tasks append their results as they finish."""


async def fetch_all_or_nothing(makers):
    results = []

    async def run(make):
        results.append(await make())

    async with asyncio.TaskGroup() as group:
        for make in makers:
            group.create_task(run(make))
    return results
