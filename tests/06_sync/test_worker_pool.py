"""worker_pool: a queue feeds `workers` worker tasks; results in order; no leftovers; errors at once."""
import asyncio

import pytest

from grader.harness import (
    PATIENCE,
    TOLERANCE,
    Spy,
    busy_waiting_fixture,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    greedy_schedule,
    leaves,
    loop_steps,
    outcome_of,
    seconds,
    stop_tasks,
    tap,
)

WORKERS_HINT = ("Start exactly `workers` worker tasks; each one loops: take the next item from the queue, "
                "await handle(item), store the result at the item's index.")
LEFTOVER_HINT = ("A worker waiting on `await queue.get()` waits forever once the queue is empty: cancel the "
                 "workers (and await them) before returning, or let each one stop when "
                 "queue.get_nowait() raises asyncio.QueueEmpty.")


busy_waiting = busy_waiting_fixture(what="process_all", hint=(
    "Wait by awaiting: `await queue.get()` sleeps until an item comes, and awaiting the worker tasks "
    "(gather, a TaskGroup) sleeps until they are done."))


@pytest.fixture
def queue_takes(monkeypatch):
    """The items taken out of any asyncio.Queue (get() takes through get_nowait())."""
    return tap(monkeypatch, asyncio.Queue, "get_nowait")


class Handler:
    """A handle(item) for process_all: handling takes durations[item] seconds (else `default`) and
    returns "<item>", except that `fails_on` raises `error`; when cancelled, it cleans up for `cleanup`
    seconds first. Records its calls and the tasks they ran in."""

    def __init__(self, durations=None, *, default=1.0, fails_on=None, error=None, cleanup=0.0):
        self.tasks = set()

        async def handle(item):
            self.tasks.add(asyncio.current_task())
            try:
                await asyncio.sleep((durations or {}).get(item, default))
            except asyncio.CancelledError:
                await asyncio.sleep(cleanup)  # a cancelled handle call may need a moment to clean up
                raise
            if fails_on is not None and item == fails_on:
                raise error
            return f"<{item}>"

        self.calls = Spy(handle, "handle")

    @property
    def handle(self):
        return self.calls.wrapper


async def settle(exercise, items, handler, workers, *, stuck=None):
    """Run process_all(items, handler.handle, workers) -> its outcome, failing if it is still running
    after PATIENCE loop seconds."""
    outcome = await outcome_of(exercise.process_all(items, handler.handle, workers), wait=PATIENCE)
    if outcome.state == "still running":
        await stop_tasks()
        fail(stuck or f"process_all never returned: it was still running after {seconds(PATIENCE)} of loop "
                      "time.", handler.calls.timeline(),
             hint="Wait for the workers themselves (gather, a TaskGroup): that returns once they are all "
                  "done, and raises as soon as one of them fails.")
    return outcome


async def run(exercise, items, handler, workers, *, stuck=None):
    """(what process_all returned, loop seconds); what it raised comes through as it is."""
    outcome = await settle(exercise, items, handler, workers, stuck=stuck)
    if outcome.raised:
        raise outcome.error
    return outcome.value, outcome.elapsed


async def test_returns_the_results_in_input_order(exercise):
    items = [3, 1, 4, 1, 5, 9, 2, 6]
    durations = {1: 0.5, 2: 0.25, 3: 2.0, 4: 1.0, 5: 0.75, 6: 0.5, 9: 0.25}
    handler = Handler(durations)
    result, _ = await run(exercise, items, handler, 3)
    by_finish = [f"<{call.args[0]}>" for call in sorted(handler.calls.calls, key=lambda c: c.end or 0)]
    expect_equal(result, [f"<{item}>" for item in items], what=f"process_all({items!r}, handle, 3)",
                 evidence=[handler.calls.timeline()], mistakes=[
                     (by_finish, "process_all returned the results in the order they finished, not in the "
                                 "order of the items.")],
                 hint="Put each item on the queue with its index, and store its result at that index.")
    handler.calls.expect_called_once_each(items, by="process_all")


async def test_keeps_every_worker_busy(exercise):
    durations = [3, 1, 1, 2, 1, 1, 2, 1, 1, 1]
    items = [f"job{n}:{d}s" for n, d in enumerate(durations)]
    handler = Handler(dict(zip(items, durations)))
    result, elapsed = await run(exercise, items, handler, 3)
    calls = handler.calls
    if calls.max_in_flight > 3:
        fail(f"More than `workers` handles at once: {calls.max_in_flight} handle calls ran at the same time "
             "with workers=3.", calls.timeline(), hint=WORKERS_HINT)
    _, finish = greedy_schedule(durations, 3)
    expect_duration(elapsed, finish, what="process_all of 10 items with 3 workers", evidence=[
        f"Durations (s): {durations!r}", calls.timeline()], mistakes={
        sum(durations): "process_all handled the items one after another: the 3 workers should work at "
                        "the same time.",
        3 + 2 + 2 + 1: "process_all handled the items in fixed batches of 3, waiting for a whole batch before "
                       "starting the next: a free worker should take the next item at once.",
    }, hint=WORKERS_HINT)
    if calls.max_in_flight < 3:
        fail(f"Only {calls.max_in_flight} handle calls ever ran at once, with workers=3.", calls.timeline(),
             hint=WORKERS_HINT)
    expect_equal(result, [f"<{item}>" for item in items], what="the results", evidence=[calls.timeline()])


async def test_never_more_than_workers_at_once(exercise):
    for count, workers, expected in [(7, 2, 4.0), (3, 5, 1.0), (4, 1, 4.0)]:
        handler = Handler()
        items = list(range(10, 10 + count))
        result, elapsed = await run(exercise, items, handler, workers)
        if handler.calls.max_in_flight > workers:
            fail(f"More than `workers` handles at once: {handler.calls.max_in_flight} handle calls ran at the "
                 f"same time with workers={workers} ({count} items).", handler.calls.timeline(),
                 hint=WORKERS_HINT)
        expect_duration(elapsed, expected, what=f"process_all of {count} one-second items with {workers} "
                        f"worker(s)", evidence=[handler.calls.timeline()], hint=WORKERS_HINT)
        expect_equal(result, [f"<{item}>" for item in items], what=f"the results with workers={workers}")
        await stop_tasks()


async def test_workers_take_the_items_from_a_queue(exercise, queue_takes):
    items = list("abcdefghij")
    handler = Handler()
    await run(exercise, items, handler, 3)
    if len(handler.tasks) > 3:
        fail(f"handle ran in {len(handler.tasks)} different tasks for {len(items)} items: that is a task per "
             "item, not a pool. Start `workers` worker tasks, each handling item after item.",
             handler.calls.timeline(), hint=WORKERS_HINT)
    if len(queue_takes) < len(items):
        fail(f"process_all did not feed the items through an asyncio.Queue: {len(queue_takes)} item(s) were "
             f"taken from a queue, for {len(items)} items.",
             hint="Put every item on an asyncio.Queue; the workers take them off with `await queue.get()` "
                  "or queue.get_nowait().")
    handler.calls.expect_called_once_each(items, by="process_all")


async def test_an_empty_list_gives_an_empty_list(exercise):
    handler = Handler()
    result, elapsed = await run(exercise, [], handler, 3,
                                stuck="process_all([], handle, 3) never returned: with no items, it must "
                                      "return [] at once.")
    expect_equal(result, [], what="process_all([], handle, 3)")
    expect_duration(elapsed, 0.0, what="process_all([], handle, 3)")
    if handler.calls.count:
        fail("process_all([]) called handle, with no item to handle.", handler.calls.timeline())
    await expect_no_tasks_left("Worker tasks left behind: process_all([])", hint=LEFTOVER_HINT)


async def test_no_worker_is_left_behind(exercise):
    handler = Handler({"slow": 2.0})
    await run(exercise, ["quick", "slow", "quick2", "quick3"], handler, 4)
    await expect_no_tasks_left("Worker tasks left behind: process_all", hint=LEFTOVER_HINT)


async def test_an_exception_propagates_at_once_and_cancels_the_workers(exercise):
    error = ValueError("cannot handle 'boom'")
    items = ["a", "b", "boom", "c", "d", "e"]
    handler = Handler({"boom": 1.0}, default=4.0, fails_on="boom", error=error)
    calls = handler.calls
    outcome = await settle(exercise, items, handler, 3, stuck=(
        "Hanging when handle raised: handle('boom') raised at 1.0 s, and process_all was still waiting "
        f"{seconds(PATIENCE)} of loop time later."))
    if not outcome.raised:
        await stop_tasks()
        fail(f"process_all swallowed the exception: handle('boom') raised {error!r}, but process_all "
             f"returned {outcome.value!r}.", calls.timeline(),
             hint="Let the exception out of process_all: gather and TaskGroup raise it for you.")
    if not any(leaf is error for leaf in leaves(outcome.error)):
        raise outcome.error
    await loop_steps()
    running = [call for call in calls.calls if call.end is None]
    if outcome.elapsed > 1.0 + TOLERANCE:
        fail(f"process_all did not raise promptly: handle('boom') raised at 1.0 s, but process_all let the "
             f"exception through only at {seconds(outcome.elapsed)}, after other handle calls had finished.",
             calls.timeline(),
             hint="Raise as soon as one worker fails: gather (without return_exceptions) and TaskGroup both do.")
    if running:
        timeline = calls.timeline()  # before the test stops them
        await stop_tasks()
        fail("The workers were not cancelled when handle raised: other handle calls were still running "
             "after process_all had raised.", timeline,
             hint="When one worker fails, cancel the others (a TaskGroup does it for you; with gather, "
                  "cancel them in a finally block and await them).")
    await asyncio.sleep(10)
    if calls.count > 3:
        fail("The workers were not cancelled when handle raised: they went on taking items.", calls.timeline())
    await expect_no_tasks_left("Worker tasks left behind: process_all, after handle raised,", hint=LEFTOVER_HINT)


async def test_waits_for_the_cancelled_workers_when_handle_raises(exercise):
    error = ValueError("cannot handle 'boom'")
    items = ["a", "boom", "b", "c"]
    handler = Handler({"boom": 1.0}, default=4.0, fails_on="boom", error=error, cleanup=0.5)
    calls = handler.calls
    began = asyncio.get_running_loop().time()
    outcome = await settle(exercise, items, handler, 3, stuck=(
        "Hanging when handle raised: handle('boom') raised at 1.0 s, and process_all was still waiting "
        f"{seconds(PATIENCE)} of loop time later."))
    if not outcome.raised:
        await stop_tasks()
        fail(f"process_all swallowed the exception: handle('boom') raised {error!r}, but process_all "
             f"returned {outcome.value!r}.", calls.timeline())
    if not any(leaf is error for leaf in leaves(outcome.error)):
        raise outcome.error
    ended = began + outcome.elapsed
    timeline = calls.timeline()  # as it was when process_all raised
    unfinished = [call for call in calls.calls if call.end is None or call.end > ended + TOLERANCE]
    await asyncio.sleep(1.0)  # long enough for a cancelled handle call to finish cleaning up
    cancelled = [call for call in unfinished if call.cancelled_at is not None]
    await stop_tasks()
    if unfinished and not cancelled:
        fail("The workers were not cancelled when handle raised: other handle calls were still running "
             "after process_all had raised.", timeline,
             hint="When one worker fails, cancel the others (a TaskGroup does it for you).")
    if cancelled:
        fail("process_all did not wait for the cancelled workers: it raised at "
             f"{seconds(outcome.elapsed)}, while {len(cancelled)} cancelled handle call(s) were still cleaning up.",
             "(Each handle call here needs 0.5 s to clean up when it is cancelled.)", timeline,
             hint="cancel() only asks a task to stop: await the cancelled workers before you let the exception "
                  "out, e.g. `await asyncio.gather(*workers, return_exceptions=True)` in a finally. A TaskGroup "
                  "waits for them by itself.")
    await expect_no_tasks_left("Worker tasks left behind: process_all, after handle raised,", hint=LEFTOVER_HINT)
