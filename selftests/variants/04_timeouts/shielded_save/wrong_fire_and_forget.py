"""expect: returned before the item was saved"""
_saving = set()


async def save_and_reply(db, item):
    _saving.add(asyncio.create_task(save(db, item)))
    return f"saved {item}"
