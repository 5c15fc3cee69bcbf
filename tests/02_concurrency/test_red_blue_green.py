"""red_blue_green: colors appends a color every second; three_at_once runs three colors side by side."""
import asyncio

from grader.harness import expect_async_def, expect_duration, expect_equal, expect_no_tasks_left, fail, spy, timed

RGB = ["red", "blue", "green"]
INTERLEAVED = ["red"] * 3 + ["blue"] * 3 + ["green"] * 3


def describe_schedule(moment, out, expected):
    """The headline for `out` differing from `expected` at loop time `moment`."""
    seen = f"At {moment} s of loop time out was {out!r}; expected {expected!r}."
    if len(out) > len(expected) and out[:len(expected)] == expected:
        return f"colors appended {out[len(expected)]!r} too early: each color comes after its own 1 s sleep.", seen
    if len(out) < len(expected) and expected[:len(out)] == out:
        return (f"colors appended {expected[len(out)]!r} too late: \"red\" is due at 1 s, \"blue\" at 2 s "
                "and \"green\" at 3 s."), seen
    return "colors appended the wrong colors: \"red\", then \"blue\", then \"green\".", seen


async def test_colors_appends_one_color_every_second(exercise):
    expect_async_def(exercise.colors, "colors")
    loop = asyncio.get_running_loop()
    out = []
    began = loop.time()
    task = asyncio.create_task(exercise.colors(out))
    try:
        for moment, expected in [(0.5, []), (1.5, RGB[:1]), (2.5, RGB[:2])]:
            await asyncio.sleep(began + moment - loop.time())
            if task.done():
                await task  # surfaces its exception, if any
            if out != expected:
                fail(*describe_schedule(moment, list(out), expected))
        await task
    finally:
        task.cancel()
    expect_equal(out, RGB, what="out after colors")


async def test_colors_alone_takes_three_seconds(exercise):
    expect_async_def(exercise.colors, "colors")
    out = []
    _, elapsed = await timed(exercise.colors(out))
    expect_duration(elapsed, 3.0, what="colors", mistakes={
        0.0: "colors returned at once: it must wait 1 s before each color.",
    })
    expect_equal(out, RGB, what="out after colors")


async def test_three_at_once_takes_three_seconds(exercise, monkeypatch):
    expect_async_def(exercise.three_at_once, "three_at_once")
    calls = spy(monkeypatch, exercise, "colors")
    _, elapsed = await timed(exercise.three_at_once([]))
    await asyncio.sleep(0)  # runs left behind start now, so the timeline shows them
    expect_duration(elapsed, 3.0, what="three_at_once", evidence=[calls.timeline()],
                    figure=calls.figure([(0, 3)] * 3, took=elapsed), mistakes={
        9.0: "three_at_once ran the three colors runs one after another (9 s) instead of at once (3 s).",
        6.0: "three_at_once did not start all three colors runs at once: one waited for another.",
        0.0: "three_at_once returned before the colors were done: wait for all three runs.",
    }, hint="Start all three colors(out) before waiting for any of them, and wait for all three "
            "before returning: asyncio.gather does both.")
    await expect_no_tasks_left("three_at_once")


async def test_three_at_once_interleaves_the_colors(exercise):
    expect_async_def(exercise.three_at_once, "three_at_once")
    out = []
    await exercise.three_at_once(out)
    expect_equal(out, INTERLEAVED, what="out after three_at_once", mistakes=[
        (RGB * 3, "three_at_once ran the three colors runs one after another: each finished before the next began."),
        (RGB, "three_at_once ran colors only once; it should run three times."),
        (RGB * 2, "three_at_once ran colors only twice; it should run three times."),
        ([], "three_at_once returned before any color was appended: wait for the three runs to finish."),
        (INTERLEAVED[:6], ("three_at_once returned before the last colors were appended: wait for the three runs "
                           "themselves to finish, not for a time.")),
    ], hint="While one colors(out) sleeps, the others run: all three reds come at 1 s.")


async def test_three_at_once_calls_colors_three_times_at_once(exercise, monkeypatch):
    expect_async_def(exercise.three_at_once, "three_at_once")
    calls = spy(monkeypatch, exercise, "colors")
    out = []
    began = asyncio.get_running_loop().time()
    await exercise.three_at_once(out)
    await asyncio.sleep(0)  # runs left behind start now, so they are counted
    if calls.count == 0:
        fail("three_at_once did not call colors: run colors(out) three times, at once.")
    if calls.count != 3:
        times = {1: "only once", 2: "only twice"}.get(calls.count, f"{calls.count} times")
        fail(f"three_at_once ran colors {times}; it should run it three times.", calls.timeline(),
             hint="Each run needs its own coroutine: call colors(out) three times. "
                  "(gather runs a coroutine object passed twice only once.)")
    if not all((call.args and call.args[0] is out) or call.kwargs.get("out") is out for call in calls.calls):
        fail("three_at_once did not pass its own `out` list to every colors run: they must all append to it.",
             calls.timeline())
    if any(start - began > 0.001 for start in calls.starts):
        fail("three_at_once did not start the three colors runs at once: some began only after others finished.",
             calls.timeline(), figure=calls.figure([(0, 3)] * 3))
