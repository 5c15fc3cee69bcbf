"""A TaskGroup of wrappers that store each result at its maker's index."""


async def fetch_all_or_nothing(makers):
    results = [None] * len(makers)

    async def run(index, make):
        results[index] = await make()

    async with asyncio.TaskGroup() as group:
        for index, make in enumerate(makers):
            group.create_task(run(index, make))
    return results
