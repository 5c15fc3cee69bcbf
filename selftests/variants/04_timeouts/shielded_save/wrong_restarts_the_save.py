"""expect: called save 2 times

No shield: when cancelled, starts the whole save again in the background."""
_saving = set()


async def save_and_reply(db, item):
    try:
        await save(db, item)
    except asyncio.CancelledError:
        task = asyncio.create_task(save(db, item))
        _saving.add(task)
        raise
    return f"saved {item}"
