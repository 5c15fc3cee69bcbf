"""task_fixes: tasks created and awaited in the wrong places, fixed."""
import asyncio
import inspect

import pytest

from grader.harness import (
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    expect_returns,
    fail,
    rebind,
    seconds,
    spy,
    stop_tasks,
    tap,
    timed,
)


def arguments(recorder, call):
    """A say_after call's arguments by name, whether passed by position or by keyword."""
    return inspect.signature(recorder.target).bind(*call.args, **call.kwargs).arguments


def said(recorder, call):
    """(delay, what) of a say_after call."""
    bound = arguments(recorder, call)
    return bound["delay"], bound["what"]


def said_through_say_after(recorder, name, out):
    """Every message went through say_after, with the caller's own `out` list."""
    if recorder.count == 0:
        fail(f"{name} did not call say_after: use the given helper for every message.")
    if any(arguments(recorder, call)["out"] is not out for call in recorder.calls):
        fail(f"{name} passed say_after a list other than its own `out`.", recorder.timeline())


def watch_gathers(monkeypatch, exercise):
    """Every future asyncio.gather makes during the test (`from asyncio import gather` too), so that one
    that was never awaited can be named."""
    original = asyncio.gather
    made = tap(monkeypatch, asyncio, "gather")
    rebind(monkeypatch, exercise, {original: asyncio.gather})
    return made


def expect_gathers_awaited(gathers, name, recorder):
    """Right after `name` returned, every gather it made had finished: it awaited them."""
    if any(not gathered.done() for gathered in gathers):
        fail(f"{name} called asyncio.gather(...) but never awaited it: gather only hands back a future, and "
             f"{name} returned at once, while the tasks were still running.", recorder.timeline(),
             hint="`await asyncio.gather(*tasks)`: the await is what waits until every task has finished.")


# --- both_at_once ------------------------------------------------------------------------------------

async def test_both_at_once_takes_two_seconds(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "say_after")
    gathers = watch_gathers(monkeypatch, exercise)
    out = []
    _, elapsed = await timed(exercise.both_at_once(out))
    expect_gathers_awaited(gathers, "both_at_once", calls)
    expect_duration(elapsed, 2.0, what="both_at_once", evidence=[calls.timeline()], mistakes={
        3.0: "both_at_once is still sequential: it awaited task1 before creating task2.",
        1.0: "both_at_once returned before \"world\" was said: await both tasks.",
        0.0: "both_at_once returned at once, without waiting for its tasks.",
    }, hint="Create both tasks first, then await them.")
    await expect_no_tasks_left("both_at_once")


async def test_both_at_once_says_hello_at_one_and_world_at_two(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "say_after")
    out = []
    await exercise.both_at_once(out)
    said_through_say_after(calls, "both_at_once", out)
    by_delay = sorted(calls.calls, key=lambda call: said(calls, call)[0])  # the tasks may start in either order
    expect_equal([said(calls, call) for call in by_delay], [(1, "hello"), (2, "world")],
                 what="the say_after calls of both_at_once (delay, text), by delay", evidence=[calls.timeline()])
    expect_equal(out, ["hello", "world"], what="out after both_at_once", mistakes=[
        (["hello"], "both_at_once returned before \"world\" was said: it did not wait for task2 to finish."),
    ])
    expect_equal([call.end for call in by_delay], [1.0, 2.0],
                 what="the moments \"hello\" and \"world\" were said", evidence=[calls.timeline()],
                 mistakes=[([1.0, 3.0], "both_at_once is still sequential: \"world\" came at 3 s, "
                                        "because task2 was created only after task1 had finished.")])


# --- schedule_all ------------------------------------------------------------------------------------

DELAY_SETS = [
    pytest.param([1.5, 3, 0.5], id="three-delays"),
    pytest.param([2, 0.25, 2, 1], id="four-delays-with-a-tie"),
]


async def run_schedule_all(exercise, calls, delays, out):
    """schedule_all timed; then one loop step, so that tasks it left behind show in the timeline."""
    _, elapsed = await timed(exercise.schedule_all(delays, out))
    returned_at = asyncio.get_running_loop().time()
    await asyncio.sleep(0)
    return elapsed, returned_at


@pytest.mark.parametrize("delays", DELAY_SETS)
async def test_schedule_all_waits_for_every_task(exercise, monkeypatch, delays):
    calls = spy(monkeypatch, exercise, "say_after")
    gathers = watch_gathers(monkeypatch, exercise)
    out = []
    elapsed, _ = await run_schedule_all(exercise, calls, list(delays), out)
    expect_gathers_awaited(gathers, "schedule_all", calls)
    early = {d: "schedule_all returned before all of its tasks had finished." for d in delays}
    expect_duration(elapsed, max(delays), what=f"schedule_all({delays})", evidence=[calls.timeline()], mistakes={
        **early,
        0.0: "schedule_all returned at once, before its tasks had finished: it never waits for them.",
        sum(delays): "schedule_all is sequential: it awaited each call (or task) before starting the next.",
    }, hint="Create every task first, keeping them in a list; then await every one of them before returning.")
    expected = [str(d) for d in sorted(delays)]
    expect_equal(out, expected, what=f"out after schedule_all({delays})", evidence=[calls.timeline()], mistakes=[
        (sorted(delays), "schedule_all appended the delays as numbers: say the text str(d)."),
    ])
    await expect_no_tasks_left("schedule_all")


async def test_schedule_all_runs_every_call_at_once(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "say_after")
    delays = [1.5, 3, 0.5]
    out = []
    _, returned_at = await run_schedule_all(exercise, calls, delays, out)
    said_through_say_after(calls, "schedule_all", out)
    unfinished = [call for call in calls.calls if call.end is None or call.end > returned_at]
    if unfinished:
        fail(f"schedule_all returned before its tasks had finished: {len(unfinished)} say_after call(s) "
             f"were still running when it returned at {seconds(returned_at)}.", calls.timeline(),
             hint="Await every task you create before returning.")
    if any(abs(start) > 0.01 for start in calls.starts):
        fail("schedule_all is sequential: each say_after started only after the one before it finished.",
             calls.timeline(), hint="Create every task before you await any of them.")
    expect_equal(sorted(said(calls, call) for call in calls.calls), [(0.5, "0.5"), (1.5, "1.5"), (3, "3")],
                 what=f"the say_after calls of schedule_all({delays}) (delay, text), sorted",
                 evidence=[calls.timeline()])
    # And with nothing to do, nothing happens, at once.
    calls.calls.clear()
    _, elapsed = await timed(expect_returns(exercise.schedule_all([], out), what="schedule_all([], out)",
                                            hint="asyncio.wait refuses an empty collection: check for no delays "
                                                 "first, or use asyncio.gather, which gives [] at once."))
    expect_duration(elapsed, 0.0, what="schedule_all([])")
    if calls.count:
        fail(f"schedule_all([]) called say_after {calls.count} time(s); there is nothing to say.",
             calls.timeline())


# --- both: waiting for the tasks, not for the clock --------------------------------------------------

LAG = 0.5


def lagging_say_after(monkeypatch, exercise):
    """Swap in a say_after that takes LAG seconds longer than its delay (a slow printer, say) and spy on
    it: only code that waits for the tasks themselves returns after them."""
    async def say_after(delay, what, out):
        await asyncio.sleep(delay + LAG)
        out.append(what)

    monkeypatch.setattr(exercise, "say_after", say_after)
    return spy(monkeypatch, exercise, "say_after")


@pytest.mark.parametrize("name, args", [
    pytest.param("both_at_once", (), id="both_at_once"),
    pytest.param("schedule_all", ([1.5, 3, 0.5],), id="schedule_all"),
])
async def test_waits_for_the_tasks_not_for_the_clock(exercise, monkeypatch, name, args):
    calls = lagging_say_after(monkeypatch, exercise)
    out = []
    _, elapsed = await timed(getattr(exercise, name)(*args, out))
    unfinished = [call for call in calls.calls if call.end is None]
    said = calls.timeline(f"(For this test say_after takes {seconds(LAG)} longer than its delay.) "
                          "Timeline (loop seconds):")
    if unfinished:
        await stop_tasks()
        fail(f"{name} returned before its tasks had finished: it waited a fixed time (the delays?) instead of "
             f"waiting for the tasks themselves; {len(unfinished)} say_after call(s) were still running.",
             said, hint="Await the tasks (or asyncio.gather them): that waits exactly as long as they take.")
    expected = max(args[0], default=0) + LAG if args else 2 + LAG
    expect_duration(elapsed, expected, what=name, evidence=[said])
    await expect_no_tasks_left(name)


async def test_both_at_once_waits_for_every_task(exercise, monkeypatch):
    """With "hello" made the slower call, waiting only for the task started last is not enough."""
    given = exercise.say_after

    async def hello_takes_longer(delay, what, out):
        await given(3 if what == "hello" else delay, what, out)

    monkeypatch.setattr(exercise, "say_after", hello_takes_longer)
    out = []
    _, elapsed = await timed(exercise.both_at_once(out))
    if elapsed < 3.0 - 0.001 or out != ["world", "hello"]:
        await stop_tasks()
        fail("both_at_once returned while a task it started was still running: await every task you create, "
             "not only the one that happens to finish last.",
             f"With \"hello\" taking 3 s instead of 1 s, it returned at {elapsed:.1f} s of loop time with out = "
             f"{out!r}; expected 3.0 s and ['world', 'hello'].",
             hint="Await both tasks (or gather them): each await waits exactly as long as its task takes.")
    await expect_no_tasks_left("both_at_once")
