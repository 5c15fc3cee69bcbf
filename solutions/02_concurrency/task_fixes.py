"""Two task bugs to fix: reference solution."""
import asyncio


async def say_after(delay: float, what: str, out: list[str]) -> None:
    await asyncio.sleep(delay)
    out.append(what)


async def both_at_once(out: list[str]) -> None:
    task1 = asyncio.create_task(say_after(1, "hello", out))
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task1
    await task2


async def schedule_all(delays: list[float], out: list[str]) -> None:
    tasks = [asyncio.create_task(say_after(d, str(d), out)) for d in delays]
    for task in tasks:
        await task
