"""A TaskGroup of wrappers that never raise; outcomes stored per index."""


async def partition(aws):
    outcomes = [None] * len(aws)

    async def record(i, aw):
        try:
            outcomes[i] = ("ok", await aw)
        except Exception as error:
            outcomes[i] = ("error", error)

    async with asyncio.TaskGroup() as group:
        for i, aw in enumerate(aws):
            group.create_task(record(i, aw))
    results = [value for kind, value in outcomes if kind == "ok"]
    exceptions = [value for kind, value in outcomes if kind == "error"]
    return (results, exceptions)
