"""expect: slow_greeting took no loop time"""


async def slow_greeting(name):
    return f"Hello, {name}!"


async def greet_everyone(names):
    return await asyncio.gather(*(slow_greeting(name) for name in names))
