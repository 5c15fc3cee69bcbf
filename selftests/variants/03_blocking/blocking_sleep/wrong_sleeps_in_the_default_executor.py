"""expect: slept in a worker thread: that ties up a whole thread just to wait

`from time import sleep`, handed to the loop's default executor: still a thread tied up for a wait.
"""
from time import sleep


async def slow_greeting(name):
    await asyncio.get_running_loop().run_in_executor(None, sleep, 1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return list(await asyncio.gather(*map(slow_greeting, names)))
