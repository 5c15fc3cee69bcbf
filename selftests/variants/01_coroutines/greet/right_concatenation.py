import asyncio


async def greet(name: str) -> str:
    await asyncio.sleep(0)  # awaiting inside is fine: the result is what counts
    return "Hello, " + name + "!"
