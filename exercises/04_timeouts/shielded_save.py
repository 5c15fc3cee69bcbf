"""Finishing the save anyway.

Cancellation travels down: when a task is cancelled, the CancelledError lands at the `await` where
it waits, and whatever it was awaiting is cancelled with it. Usually that is what you want. But
think of a web handler that saves an order and then replies: if the client hangs up mid-save, the
handler is cancelled, and so is the save. The order is lost.

`asyncio.shield(aw)` protects an awaitable from the cancellation of whoever awaits it:

    await asyncio.shield(save(db, item))

If the task running this line is cancelled, the CancelledError still arrives at this `await` at
once, so the task stops as it should; but the save, wrapped in a task of its own, keeps running
to the end. (Keep that CancelledError going: the caller asked to stop, and must get its way.)

Your task: `save(db, item)` (given) takes 1 s, then appends item to db. Write
`save_and_reply(db, item)`: save the item with save(), then return `"saved <item>"`. If the caller
is cancelled during the save, the caller is still cancelled at once, but the save completes.
Save exactly once.

    reply = await save_and_reply(db, "order 17")   # 1 s later: "saved order 17", db == ["order 17"]
"""
import asyncio


async def save(db: list, item) -> None:
    await asyncio.sleep(1.0)
    db.append(item)


# TODO: save the item so that a cancelled caller cannot stop the save; then reply "saved <item>".
async def save_and_reply(db: list, item) -> str:
    raise NotImplementedError("save_and_reply")
