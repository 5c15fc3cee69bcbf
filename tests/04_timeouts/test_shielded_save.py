"""shielded_save: a cancelled caller stops at once, but the save it started still completes, once."""
import asyncio
import inspect

from grader.harness import (
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    outcome_of,
    spy,
    stop_tasks,
    timed,
)

SHIELD_HINT = "await asyncio.shield(save(db, item)): the save runs on when the caller is cancelled."


def expect_saved_once(saves, db, item):
    """save_and_reply called save(db, item) exactly once."""
    if saves.count == 0:
        fail("save_and_reply did not call save: save the item with the given save().", f"db: {db!r}")
    if saves.count > 1:
        fail(f"save_and_reply called save {saves.count} times; it must save the item exactly once.",
             saves.timeline(), f"db: {db!r}", hint="Start one save, and keep that one running.")
    call = saves.calls[0]
    try:
        passed = inspect.signature(saves.target).bind(*call.args, **call.kwargs).arguments
    except TypeError:
        passed = {}
    if passed.get("db") is not db or passed.get("item") != item:
        fail("save_and_reply did not call save(db, item) with its own db and item.", saves.timeline())


async def test_saves_then_replies(exercise, monkeypatch):
    expect_async_def(exercise.save_and_reply, "save_and_reply")
    saves = spy(monkeypatch, exercise, "save")
    for item in ["order 17", 42]:
        saves.calls.clear()
        db = []
        reply, elapsed = await timed(exercise.save_and_reply(db, item))
        what = f"save_and_reply(db, {item!r})"
        expect_duration(elapsed, 1.0, what=what, evidence=[saves.timeline()], mistakes={
            0.0: "save_and_reply returned before the item was saved: wait for the save to finish, then reply.",
        })
        expect_equal(reply, f"saved {item}", what=what, evidence=[saves.timeline()])
        expect_equal(db, [item], what=f"db after {what}", evidence=[saves.timeline()])
        expect_saved_once(saves, db, item)


async def test_a_cancelled_caller_is_cancelled_at_once(exercise, monkeypatch):
    expect_async_def(exercise.save_and_reply, "save_and_reply")
    saves = spy(monkeypatch, exercise, "save")
    db = []
    ending = await outcome_of(exercise.save_and_reply(db, "order 9"), cancel_at=0.4, wait=5.0)
    evidence = [f"The caller was cancelled at 0.4 s; {ending.describe('save_and_reply')}", saves.timeline()]
    if ending.state != "cancelled":
        await stop_tasks([ending.task])
        if ending.state == "raised":
            fail(f"save_and_reply raised {ending.error!r} when its caller was cancelled; it must let the "
                 "CancelledError through.", *evidence)
        fail("save_and_reply swallowed the caller's cancellation: it did not end cancelled.", *evidence,
             hint="Do not catch the CancelledError that asyncio.shield raises in the caller: let it propagate. "
                  "The shielded save goes on by itself.")
    expect_duration(ending.elapsed, 0.4, what="save_and_reply (its caller cancelled at 0.4 s)", evidence=evidence,
                    mistakes={1.0: "save_and_reply was not cancelled at once: it waited for the save to finish "
                                   "before letting the caller's cancellation through."},
                    hint="The save goes on without you: let the CancelledError propagate straight away.")
    await asyncio.sleep(1.0)  # let the save finish


async def test_the_save_completes_after_the_caller_is_cancelled(exercise, monkeypatch):
    expect_async_def(exercise.save_and_reply, "save_and_reply")
    saves = spy(monkeypatch, exercise, "save")
    db = []
    ending = await outcome_of(exercise.save_and_reply(db, "order 9"), cancel_at=0.4, wait=5.0)
    await stop_tasks([ending.task])
    await asyncio.sleep(max(0.0, 1.5 - asyncio.get_running_loop().time()))
    evidence = [f"The caller was cancelled at 0.4 s; {ending.describe('save_and_reply')}", saves.timeline()]
    expect_equal(db, ["order 9"], what="db at 1.5 s (save_and_reply(db, 'order 9') started at 0 s, its caller "
                                       "cancelled at 0.4 s)", evidence=evidence, mistakes=[
        ([], ("The save was lost when the caller was cancelled: the save was cancelled along with its "
              "caller (no shield?).")),
        (["order 9", "order 9"], "save_and_reply saved the item twice."),
    ], hint=SHIELD_HINT)
    expect_saved_once(saves, db, "order 9")
    if saves.calls[0].end is None or abs(saves.calls[0].end - 1.0) > 0.05:
        fail("The save did not complete at 1.0 s, as one uninterrupted save started at 0 s would.", *evidence,
             hint=SHIELD_HINT)
    await expect_no_tasks_left("save_and_reply")
