async def slow_greeting(name: str) -> str:
    greeting = f"Hello, {name}!"
    await asyncio.sleep(1.0)
    return greeting


async def greet_everyone(names):
    tasks = [asyncio.create_task(slow_greeting(name)) for name in names]
    greetings = []
    for task in tasks:
        greetings.append(await task)
    return greetings
