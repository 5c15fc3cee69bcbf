"""say_after: the same two calls, one after another (3 s) and at once (2 s)."""
import asyncio
import inspect

from grader.harness import expect_duration, expect_equal, expect_no_tasks_left, fail, spy, stop_tasks, timed

SAY_AFTER_UNUSED = "{name} did not call say_after: use the given helper for both messages."


def said(recorder, call):
    """(delay, what) of a say_after call, whether passed by position or by keyword."""
    bound = inspect.signature(recorder.target).bind(*call.args, **call.kwargs).arguments
    return bound["delay"], bound["what"]


def expect_calls(recorder, name, starts):
    """Both messages went through say_after with the right arguments, started at `starts`. Calls that start
    at the same moment may start in either order."""
    if recorder.count == 0:
        fail(SAY_AFTER_UNUSED.format(name=name))
    calls = sorted(((call.start, said(recorder, call)) for call in recorder.calls), key=lambda c: (c[0], c[1][0]))
    expect_equal([args for _, args in calls], [(1, "hello"), (2, "world")],
                 what=f"the say_after calls of {name} (delay, text)", evidence=[recorder.timeline()])
    expect_equal([start for start, _ in calls], starts, what=f"the moments {name} started each say_after",
                 evidence=[recorder.timeline()])


async def test_sequential_takes_three_seconds(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "say_after")
    out = []
    _, elapsed = await timed(exercise.main_sequential(out))
    expect_duration(elapsed, 3.0, what="main_sequential", evidence=[calls.timeline()],
                    figure=calls.figure(expected=[(0, 1), (1, 3)], took=elapsed, expected_took=3.0), mistakes={
        2.0: "main_sequential ran the two calls at the same time; this one should wait for "
             "\"hello\" before it starts \"world\".",
    })
    expect_equal(out, ["hello", "world"], what="out after main_sequential")
    expect_calls(calls, "main_sequential", [0.0, 1.0])


async def test_concurrent_takes_two_seconds(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "say_after")
    out = []
    _, elapsed = await timed(exercise.main_concurrent(out))
    expect_duration(elapsed, 2.0, what="main_concurrent", evidence=[calls.timeline()],
                    figure=calls.figure(expected=[(0, 1), (0, 2)], took=elapsed, expected_took=2.0), mistakes={
        3.0: "main_concurrent is still sequential: it waited for \"hello\" before starting \"world\".",
        1.0: "main_concurrent returned before \"world\" was said: await both tasks.",
        0.0: "main_concurrent returned at once, without waiting for its tasks.",
    }, hint="Create both tasks first (asyncio.create_task), then await them.")
    expect_equal(out, ["hello", "world"], what="out after main_concurrent", mistakes=[
        (["hello"], "main_concurrent returned before \"world\" was said: it did not wait for both tasks to finish."),
    ], hint="Await both tasks: that waits exactly as long as they take.")
    expect_calls(calls, "main_concurrent", [0.0, 0.0])
    await expect_no_tasks_left("main_concurrent")


async def test_concurrent_says_hello_at_one_second(exercise):
    out = []
    task = asyncio.create_task(exercise.main_concurrent(out))
    await asyncio.sleep(1.5)
    if task.done():
        await task  # surfaces its exception, if any
    if out != ["hello"]:
        fail(f"At 1.5 s of loop time out should be ['hello'], but it was {out!r}.")
    await task


async def test_concurrent_waits_for_every_task(exercise, monkeypatch):
    """With "hello" made the slower call, waiting only for the task started last is not enough."""
    given = exercise.say_after

    async def hello_takes_longer(delay, what, out):
        await given(3 if what == "hello" else delay, what, out)

    monkeypatch.setattr(exercise, "say_after", hello_takes_longer)
    out = []
    _, elapsed = await timed(exercise.main_concurrent(out))
    if elapsed < 3.0 - 0.001 or out != ["world", "hello"]:
        await stop_tasks()
        fail("main_concurrent returned while a task it started was still running: await every task you create, "
             "not only the one that happens to finish last.",
             f"With \"hello\" taking 3 s instead of 1 s, it returned at {elapsed:.1f} s of loop time with out = "
             f"{out!r}; expected 3.0 s and ['world', 'hello'].",
             hint="Await both tasks (or gather them): each await waits exactly as long as its task takes.")
    await expect_no_tasks_left("main_concurrent")
