"""A TaskGroup of wrappers that never raise an Exception; a cancelled one re-raises at .result()."""


async def partition(aws):
    async def record(aw):
        try:
            return "ok", await aw
        except Exception as error:
            return "error", error

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(record(aw)) for aw in aws]
    outcomes = [task.result() for task in tasks]  # a wrapper that ended cancelled raises CancelledError here
    results = [value for kind, value in outcomes if kind == "ok"]
    exceptions = [value for kind, value in outcomes if kind == "error"]
    return (results, exceptions)
