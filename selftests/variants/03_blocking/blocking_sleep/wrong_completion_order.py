"""expect: in the order they finished"""


async def slow_greeting(name):
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    return [await greeting for greeting in asyncio.as_completed([slow_greeting(n) for n in names])]
