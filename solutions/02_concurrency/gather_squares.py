"""Many calls at once, answers in order: reference solution."""
import asyncio


async def slow_square(n: int) -> int:
    await asyncio.sleep(1 / (n + 1))
    return n * n


async def squares(numbers: list[int]) -> list[int]:
    return await asyncio.gather(*(slow_square(n) for n in numbers))
