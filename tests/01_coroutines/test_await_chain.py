"""await_chain: fruit awaits fetch_water, hands the water to fetch_melon, returns its result (1.0 s)."""
import asyncio
import inspect

from grader.harness import expect_async_def, expect_duration, expect_equal, fail, spy, timed

AWAIT_HINT = "water = await fetch_water() gives you the water itself; then return await fetch_melon(water)."


def timelines(*recorders):
    """One timeline for several spies, in the order the calls started."""
    calls = sorted(((call.start, call.describe(r.name)) for r in recorders for call in r.calls),
                   key=lambda pair: pair[0])
    if not calls:
        return [f"Neither {' nor '.join(r.name for r in recorders)} was called."]
    return ["Timeline (loop seconds):", *(line for _, line in calls)]


def expect_real_water(water, melon):
    """A missing `await fetch_water()` shows up as a coroutine object handed to fetch_melon."""
    for call in melon.calls:
        unawaited = [value for value in (*call.args, *call.kwargs.values()) if inspect.iscoroutine(value)]
        if unawaited:
            names = ", ".join(coro.__name__ for coro in unawaited)
            for coro in unawaited:
                coro.close()  # named here; no second "never awaited" report
            fail(f"fruit passed a coroutine object ({names}) to fetch_melon instead of the water: "
                 "fetch_water() was called but never awaited, so it never ran.",
                 *timelines(melon), hint=AWAIT_HINT)


async def run_fruit(exercise, monkeypatch):
    """Await fruit() with both helpers spied on; return (result, loop seconds, water spy, melon spy).

    A missing await is named first, whatever else the test checks.
    """
    expect_async_def(exercise.fruit, "fruit")
    water = spy(monkeypatch, exercise, "fetch_water")
    melon = spy(monkeypatch, exercise, "fetch_melon")
    error = None
    try:
        result, elapsed = await timed(exercise.fruit())
    except Exception as raised:  # e.g. a coroutine + " melon" inside fetch_melon
        error = raised
    expect_real_water(water, melon)
    if error is not None:
        raise error
    if inspect.iscoroutine(result):
        name = result.__name__
        result.close()  # named here; no second "never awaited" report
        fail(f"fruit returned a coroutine object ({name}) instead of its result: an await is missing.",
             f"await fruit() gave <coroutine object {name}>, a call that never ran.",
             *timelines(water, melon), hint=AWAIT_HINT)
    return result, elapsed, water, melon


async def test_fruit_returns_water_melon(exercise, monkeypatch):
    result, _, water, melon = await run_fruit(exercise, monkeypatch)
    expect_equal(result, "water melon", what="await fruit()", evidence=timelines(water, melon), mistakes=[
        ("water", "fruit returned the water, not the melon: return what fetch_melon gives back."),
    ])


async def test_fruit_takes_one_second(exercise, monkeypatch):
    _, elapsed, water, melon = await run_fruit(exercise, monkeypatch)
    expect_duration(elapsed, 1.0, what="fruit", evidence=timelines(water, melon), mistakes={
        0.0: "fruit finished at once: it did not await the helpers (0.5 s each).",
        0.5: "fruit took only 0.5 s: it awaited one helper, or ran both side by side. The melon needs "
             "the water first, so the two fetches take 0.5 s + 0.5 s.",
        1.5: "fruit took 1.5 s: it fetched three times; fetch_water once and fetch_melon once is enough.",
    })


async def test_fruit_calls_each_helper_once(exercise, monkeypatch):
    _, _, water, melon = await run_fruit(exercise, monkeypatch)
    if water.count == 0 and melon.count == 0:
        fail("fruit called neither fetch_water nor fetch_melon: the answer was hard-coded. "
             "It must come from the two helpers.")
    for recorder in (water, melon):
        if recorder.count != 1:
            fail(f"fruit called {recorder.name} {recorder.count} times; it should call it exactly once.",
                 *timelines(water, melon))


async def test_fruit_passes_the_water_on(exercise, monkeypatch):
    # Other helpers, other answers: only a fruit that really chains them gets "honeydew".
    async def fetch_water() -> str:
        await asyncio.sleep(0.5)
        return "honey"

    async def fetch_melon(water: str) -> str:
        await asyncio.sleep(0.5)
        return water + "dew"

    fetch_water.__qualname__, fetch_melon.__qualname__ = "fetch_water", "fetch_melon"  # for messages
    monkeypatch.setattr(exercise, "fetch_water", fetch_water)
    monkeypatch.setattr(exercise, "fetch_melon", fetch_melon)
    result, _, water, melon = await run_fruit(exercise, monkeypatch)
    shown = ["(For this test fetch_water returns \"honey\" and fetch_melon(water) returns water + \"dew\".)",
             *timelines(water, melon)]
    expect_equal(result, "honeydew", what="await fruit()", evidence=shown, mistakes=[
        ("water melon", "fruit returned \"water melon\" whatever the helpers gave back: the answer was "
                        "typed in, not taken from fetch_melon."),
        ("waterdew", "fruit did not pass the water on: it gave fetch_melon \"water\" instead of what "
                     "fetch_water returned."),
        ("honey melon", "fruit put the answer together itself instead of returning what fetch_melon gave back."),
        ("honey", "fruit returned the water, not the melon: return what fetch_melon gives back."),
    ])
