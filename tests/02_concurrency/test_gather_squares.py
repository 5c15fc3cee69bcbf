"""gather_squares: every slow_square at once, the squares in the order of the numbers."""
import asyncio

from grader.harness import expect_duration, expect_equal, expect_returns, spy, timed

# slow_square(n) sleeps 1 / (n + 1): bigger numbers finish first. These inputs are in neither
# finishing order nor sorted order, so each of those wrong orders is recognised.
NUMBERS = [2, 0, 3, 1]
OTHER_NUMBERS = [4, 1, 4, 2]


def delay(n):
    return 1 / (n + 1)


def expect_squares(result, numbers, calls=None):
    finishing = sorted(numbers, key=delay)  # the order the calls finish in
    expect_equal(result, [n * n for n in numbers], what=f"squares({numbers!r})", mistakes=[
        ([n * n for n in finishing],
         "squares returned the squares in the order the calls finished; they should follow the order of numbers."),
        (sorted(n * n for n in numbers),
         "squares sorted the squares; they should follow the order of numbers."),
    ], evidence=[calls.timeline()] if calls else [],
        hint="asyncio.gather returns its results in the order you passed the awaitables in.")


async def test_squares_in_the_order_of_numbers(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "slow_square")
    expect_squares(await exercise.squares(list(NUMBERS)), NUMBERS, calls)


async def test_other_numbers_with_repeats(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "slow_square")
    expect_squares(await exercise.squares(list(OTHER_NUMBERS)), OTHER_NUMBERS, calls)


async def test_returns_what_slow_square_returned(exercise, monkeypatch):
    async def slow_square(n):
        await asyncio.sleep(delay(n))
        return 10 * n * n

    monkeypatch.setattr(exercise, "slow_square", slow_square)
    calls = spy(monkeypatch, exercise, "slow_square")
    result = await exercise.squares(list(NUMBERS))
    expect_equal(result, [10 * n * n for n in NUMBERS], what=f"squares({NUMBERS!r})", mistakes=[
        ([n * n for n in NUMBERS],
         "squares computed the squares itself instead of returning what slow_square returned."),
    ], evidence=["(For this test slow_square was swapped for one that returns 10 * n * n.)", calls.timeline()],
        hint="Return the results of the calls: asyncio.gather gives you the list of what slow_square returned.")


async def test_takes_as_long_as_the_slowest_call(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "slow_square")
    _, elapsed = await timed(exercise.squares(list(NUMBERS)))
    all_at_once = [(0, delay(call.kwargs.get("n", call.args[0] if call.args else 0))) for call in calls.calls]
    expect_duration(elapsed, max(map(delay, NUMBERS)), what=f"squares({NUMBERS!r})", evidence=[calls.timeline()],
                    figure=calls.figure(all_at_once, took=elapsed), mistakes={
                        sum(map(delay, NUMBERS)): "squares awaited the calls one after another: their delays "
                                                  "added up instead of overlapping.",
                        0.0: "squares took no time at all: it did not wait for slow_square.",
                    }, hint="Start every call before you wait for any: asyncio.gather(*aws) does both.")


async def test_calls_slow_square_for_every_number_at_once(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "slow_square")
    began = asyncio.get_running_loop().time()
    await exercise.squares(list(NUMBERS))
    calls.expect_called_once_each(NUMBERS, by="squares", keyword="n",
                                  hint="Call slow_square(n) exactly once for each n in numbers.")
    calls.expect_started_together("squares", since=began)


async def test_no_numbers_no_squares(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "slow_square")
    result, elapsed = await timed(expect_returns(
        exercise.squares([]), what="squares([])",
        hint="asyncio.wait refuses an empty set; asyncio.gather() with nothing to gather gives []."))
    expect_equal(result, [], what="squares([])")
    expect_duration(elapsed, 0.0, what="squares([])", evidence=[calls.timeline()])
