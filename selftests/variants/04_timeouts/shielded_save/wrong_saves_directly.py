"""expect: did not call save

Appends to db itself, after the same wait."""


async def save_and_reply(db, item):
    await asyncio.shield(asyncio.sleep(1.0))
    db.append(item)
    return f"saved {item}"
