"""expect: swallowed the caller's cancellation

Catches the CancelledError and finishes the save, as if nothing happened."""


async def save_and_reply(db, item):
    task = asyncio.create_task(save(db, item))
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
    return f"saved {item}"
