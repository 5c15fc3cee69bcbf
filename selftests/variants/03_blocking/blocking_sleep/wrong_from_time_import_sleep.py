"""expect: froze the event loop: time.sleep()"""
from time import sleep


async def slow_greeting(name):
    sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return await asyncio.gather(*(slow_greeting(name) for name in names))
