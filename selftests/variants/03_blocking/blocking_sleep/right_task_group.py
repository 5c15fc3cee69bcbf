async def slow_greeting(name):
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(slow_greeting(name)) for name in names]
    return [task.result() for task in tasks]
