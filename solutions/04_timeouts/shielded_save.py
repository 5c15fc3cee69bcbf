"""Finishing the save anyway: reference solution."""
import asyncio


async def save(db: list, item) -> None:
    await asyncio.sleep(1.0)
    db.append(item)


async def save_and_reply(db: list, item) -> str:
    await asyncio.shield(save(db, item))
    return f"saved {item}"
