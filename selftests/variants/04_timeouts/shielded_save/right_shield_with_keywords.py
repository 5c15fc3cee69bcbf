"""The docs' shield, with save called by keyword."""


async def save_and_reply(db, item):
    await asyncio.shield(save(db=db, item=item))
    return f"saved {item}"
