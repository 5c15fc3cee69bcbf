"""completion_order: every minimum at once, the results in the order the calls finished."""
import asyncio

from grader.harness import expect_duration, expect_equal, expect_returns, spy, timed

NUMBERS = [2, 4, 1, 3]  # minimum(x) sleeps 5 - x: they finish 4, 3, 2, 1, after 4 s
# A stand-in minimum whose delays have nothing to do with the values: they finish 2, 3, 4, 1.
OTHER_DELAYS = {3: 0.2, 1: 0.4, 4: 0.3, 2: 0.1}
OTHER_NUMBERS = [3, 1, 4, 2]
SWAPPED = ("In this test minimum was swapped for one whose delays have nothing to do with the values "
           f"(x: delay = {OTHER_DELAYS}).")


def swap_minimum(monkeypatch, exercise, result):
    """Replace minimum by one sleeping OTHER_DELAYS[x] and returning result(x); spy on it."""
    async def minimum(x):
        await asyncio.sleep(OTHER_DELAYS[x])
        return result(x)

    monkeypatch.setattr(exercise, "minimum", minimum)
    return spy(monkeypatch, exercise, "minimum")


def finished(xs, delays):
    return sorted(xs, key=lambda x: delays[x])


def order_mistakes(xs, values):
    """Known wrong orders of `values` (the results for xs, in input order)."""
    return [
        (values, "finish_order returned the values in input order, not in the order the calls finished."),
        (sorted(values, reverse=True), "finish_order sorted the values (biggest first) instead of watching "
                                       "which call finished first."),
        (sorted(values), "finish_order sorted the values (smallest first) instead of watching which call "
                         "finished first."),
    ]


async def test_results_in_the_order_the_calls_finished(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "minimum")
    result = await exercise.finish_order(list(NUMBERS))
    expected = finished(NUMBERS, {x: 5 - x for x in NUMBERS})
    expect_equal(result, expected, what=f"finish_order({NUMBERS!r})", evidence=[calls.timeline()],
                 # Biggest first is right with these delays; the other two wrong orders still show.
                 mistakes=[m for m in order_mistakes(NUMBERS, NUMBERS) if m[0] != expected],
                 hint="asyncio.as_completed gives you the results in the order they arrive.")


async def test_watches_the_calls_finish_whatever_the_delays(exercise, monkeypatch):
    calls = swap_minimum(monkeypatch, exercise, lambda x: x)
    result, elapsed = await timed(exercise.finish_order(list(OTHER_NUMBERS)))
    expect_equal(result, finished(OTHER_NUMBERS, OTHER_DELAYS), what=f"finish_order({OTHER_NUMBERS!r})",
                 mistakes=order_mistakes(OTHER_NUMBERS, OTHER_NUMBERS), evidence=[SWAPPED, calls.timeline()],
                 hint="Do not work the order out from the numbers: take each result as its call finishes "
                      "(asyncio.as_completed).")
    expect_duration(elapsed, max(OTHER_DELAYS.values()), what=f"finish_order({OTHER_NUMBERS!r})",
                    evidence=[SWAPPED, calls.timeline()], mistakes={
                        max(5 - x for x in OTHER_NUMBERS): "finish_order waited as long as the given minimum "
                        "would take (5 - x s), not for the calls themselves: it worked the wait out from the numbers.",
                    }, hint="Wait for the calls (asyncio.as_completed, asyncio.wait), never for a time you "
                            "worked out yourself.")


async def test_returns_what_minimum_returned(exercise, monkeypatch):
    calls = swap_minimum(monkeypatch, exercise, lambda x: 10 * x)
    result = await exercise.finish_order(list(OTHER_NUMBERS))
    order = finished(OTHER_NUMBERS, OTHER_DELAYS)
    values = [10 * x for x in OTHER_NUMBERS]
    expect_equal(result, [10 * x for x in order], what=f"finish_order({OTHER_NUMBERS!r})",
                 mistakes=[(order, "finish_order returned the numbers it was given, not the values minimum "
                                   "returned."), *order_mistakes(OTHER_NUMBERS, values)],
                 evidence=[SWAPPED + " It returns 10 * x.", calls.timeline()],
                 hint="Collect the results of the calls: `await next_done` gives the value minimum returned.")


async def test_takes_as_long_as_the_slowest_call(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "minimum")
    _, elapsed = await timed(exercise.finish_order(list(NUMBERS)))
    delays = [5 - x for x in NUMBERS]
    all_at_once = [(0, 5 - call.kwargs.get("x", call.args[0] if call.args else 0)) for call in calls.calls]
    expect_duration(elapsed, max(delays), what=f"finish_order({NUMBERS!r})", evidence=[calls.timeline()],
                    figure=calls.figure(all_at_once, took=elapsed), mistakes={
                        sum(delays): "finish_order awaited the calls one after another: their delays added up "
                                     "instead of overlapping.",
                        0.0: "finish_order took no time at all: it did not wait for minimum.",
                    }, hint="Start every call before you wait for any: asyncio.as_completed starts them all.")


async def test_calls_minimum_for_every_value_at_once(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "minimum")
    began = asyncio.get_running_loop().time()
    await exercise.finish_order(list(NUMBERS))
    calls.expect_called_once_each(NUMBERS, by="finish_order", keyword="x",
                                  hint="Call minimum(x) exactly once for each x in xs.")
    calls.expect_started_together("finish_order", since=began)


async def test_nothing_in_nothing_out(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "minimum")
    result, elapsed = await timed(expect_returns(
        exercise.finish_order([]), what="finish_order([])",
        hint="asyncio.wait refuses an empty set; asyncio.as_completed([]) simply gives nothing."))
    expect_equal(result, [], what="finish_order([])")
    expect_duration(elapsed, 0.0, what="finish_order([])", evidence=[calls.timeline()])
