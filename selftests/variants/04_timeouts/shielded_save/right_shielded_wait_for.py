"""A task of its own for the save, waited for through shield and wait_for."""


async def save_and_reply(db, item):
    saving = asyncio.create_task(save(db, item))
    await asyncio.wait_for(asyncio.shield(saving), timeout=None)
    return f"saved {item}"
