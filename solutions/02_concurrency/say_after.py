"""One after another, or at the same time: reference solution."""
import asyncio


async def say_after(delay: float, what: str, out: list[str]) -> None:
    await asyncio.sleep(delay)
    out.append(what)


async def main_sequential(out: list[str]) -> None:
    await say_after(1, "hello", out)
    await say_after(2, "world", out)


async def main_concurrent(out: list[str]) -> None:
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2
