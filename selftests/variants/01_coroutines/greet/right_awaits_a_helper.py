"""The greeting built by another coroutine, awaited."""
import asyncio


async def greet(name):
    async def salutation():
        await asyncio.sleep(0)
        return "Hello"

    return f"{await salutation()}, {name}!"
