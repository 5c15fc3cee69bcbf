"""A future settled by loop.call_later; the greetings through a TaskGroup."""


async def slow_greeting(name):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(1, done.set_result, f"Hello, {name}!")
    return await done


async def greet_everyone(names):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(slow_greeting(name)) for name in names]
    return [task.result() for task in tasks]
