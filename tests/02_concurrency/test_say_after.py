"""say_after: the same two calls, one after another (3 s) and at once (2 s)."""
import asyncio

from grader.harness import expect_duration, expect_equal, expect_no_tasks_left, fail, spy, timed

SAY_AFTER_UNUSED = "{name} did not call say_after: use the given helper for both messages."


def expect_calls(recorder, name, starts):
    """Both messages went through say_after with the right arguments, started at `starts`."""
    if recorder.count == 0:
        fail(SAY_AFTER_UNUSED.format(name=name))
    args = [call.args[:2] for call in recorder.calls]
    expect_equal(args, [(1, "hello"), (2, "world")], what=f"the say_after calls of {name} (delay, text)",
                 evidence=[recorder.timeline()])
    expect_equal(recorder.starts, starts, what=f"the moments {name} started each say_after",
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
    expect_equal(out, ["hello", "world"], what="out after main_concurrent")
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
