"""expect: did not start every slow_greeting at once"""


async def slow_greeting(name):
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names):
    middle = (len(names) + 1) // 2
    first = await asyncio.gather(*(slow_greeting(n) for n in names[:middle]))
    return first + await asyncio.gather(*(slow_greeting(n) for n in names[middle:]))
