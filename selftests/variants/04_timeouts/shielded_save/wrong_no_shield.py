"""expect: The save was lost when the caller was cancelled"""


async def save_and_reply(db, item):
    await save(db, item)
    return f"saved {item}"
