async def save_and_reply(db, item):
    saving = asyncio.ensure_future(save(db, item))
    try:
        await asyncio.shield(saving)
    except asyncio.CancelledError:
        # the save goes on; the caller still stops
        raise
    return "saved " + str(item)
