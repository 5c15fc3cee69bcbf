"""Your first coroutine: reference solution."""


async def greet(name: str) -> str:
    return f"Hello, {name}!"
