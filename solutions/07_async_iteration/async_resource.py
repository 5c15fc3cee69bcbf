"""An async context manager that always cleans up: reference solution."""
import asyncio
from contextlib import asynccontextmanager


async def connect(name: str) -> None:
    await asyncio.sleep(0.1)


@asynccontextmanager
async def session(name: str, log: list[str]):
    await connect(name)
    log.append(f"open {name}")
    try:
        yield
    finally:
        log.append(f"close {name}")
