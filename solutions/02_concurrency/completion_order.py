"""First come, first served: reference solution."""
import asyncio


async def minimum(x: int) -> int:
    await asyncio.sleep(5 - x)
    return x


async def finish_order(xs: list[int]) -> list[int]:
    return [await next_done for next_done in asyncio.as_completed([minimum(x) for x in xs])]
