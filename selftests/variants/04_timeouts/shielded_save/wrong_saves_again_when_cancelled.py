"""expect: saved the item twice

Shields the save, and to be extra sure saves again when cancelled."""


async def save_and_reply(db, item):
    try:
        await asyncio.shield(save(db, item))
    except asyncio.CancelledError:
        asyncio.create_task(save(db, item))
        raise
    return f"saved {item}"
