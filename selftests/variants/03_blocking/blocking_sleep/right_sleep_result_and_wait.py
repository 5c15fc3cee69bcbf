"""asyncio.sleep hands back its `result`; greet_everyone waits with asyncio.wait, then reads in order."""


async def slow_greeting(name):
    return await asyncio.sleep(1, result=f"Hello, {name}!")


async def greet_everyone(names):
    tasks = [asyncio.create_task(slow_greeting(name)) for name in names]
    if tasks:
        await asyncio.wait(tasks)
    return [task.result() for task in tasks]
