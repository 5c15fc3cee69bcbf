async def read_all(paths):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(asyncio.to_thread(read_slowly, path)) for path in paths]
    return [task.result() for task in tasks]
