"""Blocking I/O goes to a thread: reference solution."""
import asyncio
import time
from pathlib import Path


def read_slowly(path: Path) -> str:
    time.sleep(0.2)  # a slow disk or network share
    return path.read_text()


async def read_all(paths: list[Path]) -> list[str]:
    return await asyncio.gather(*(asyncio.to_thread(read_slowly, path) for path in paths))
