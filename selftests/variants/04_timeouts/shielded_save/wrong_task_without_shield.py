"""expect: The save was lost when the caller was cancelled

Awaiting a task directly passes the caller's cancellation on to the task."""


async def save_and_reply(db, item):
    task = asyncio.create_task(save(db, item))
    await task
    return f"saved {item}"
