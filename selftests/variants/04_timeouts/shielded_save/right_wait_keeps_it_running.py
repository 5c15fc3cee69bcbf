_saving = set()


async def save_and_reply(db, item):
    # asyncio.wait does not cancel what it waits for when the caller is cancelled.
    task = asyncio.create_task(save(db, item))
    _saving.add(task)
    task.add_done_callback(_saving.discard)
    await asyncio.wait([task])
    task.result()
    return f"saved {item}"
