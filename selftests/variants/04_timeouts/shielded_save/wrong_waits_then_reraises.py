"""expect: was not cancelled at once

Waits for the save before letting the cancellation through."""


async def save_and_reply(db, item):
    task = asyncio.create_task(save(db, item))
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise
    return f"saved {item}"
