"""One blocking call stalls every task: reference solution."""
import asyncio


async def slow_greeting(name: str) -> str:
    await asyncio.sleep(1)
    return f"Hello, {name}!"


async def greet_everyone(names: list[str]) -> list[str]:
    return await asyncio.gather(*(slow_greeting(name) for name in names))
