"""expect: froze the event loop: time.sleep()"""


async def slow_greeting(name):
    time.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return await asyncio.gather(*(slow_greeting(name) for name in names))
