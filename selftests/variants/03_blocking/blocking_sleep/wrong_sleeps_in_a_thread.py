"""expect: slept in a worker thread: that ties up a whole thread just to wait"""


async def slow_greeting(name):
    await asyncio.to_thread(time.sleep, 1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return await asyncio.gather(*(slow_greeting(name) for name in names))
