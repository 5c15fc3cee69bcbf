"""Try again, a little later each time: reference solution."""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


async def retry(make: Callable[[], Awaitable[T]], attempts: int = 3, base_delay: float = 0.1) -> T:
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        await asyncio.sleep(base_delay * 2 ** (attempt - 1))
    raise ValueError("attempts must be at least 1")
