"""expect: greet_everyone is sequential"""


async def slow_greeting(name):
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return [await slow_greeting(name) for name in names]
