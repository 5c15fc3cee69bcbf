"""One await after another: reference solution."""
import asyncio


async def fetch_water() -> str:
    await asyncio.sleep(0.5)
    return "water"


async def fetch_melon(water: str) -> str:
    await asyncio.sleep(0.5)
    return water + " melon"


async def fruit() -> str:
    water = await fetch_water()
    return await fetch_melon(water)
