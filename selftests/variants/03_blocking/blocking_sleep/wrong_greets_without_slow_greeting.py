"""expect: did not call slow_greeting"""


async def slow_greeting(name):
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    await asyncio.sleep(1)
    return [f"Hello, {name}!" for name in names]
