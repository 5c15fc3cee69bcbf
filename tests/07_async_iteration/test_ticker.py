"""ticker: an async generator on an absolute schedule; take: the first n items, then aclose()."""
import asyncio
import inspect

import pytest

from grader.harness import CLOSED, Feed, expect_equal, fail, seconds, timed, use_loop_clock

DRIFT_HINT = ("Compute each due time from the start: `due = start + i * interval`, then "
              "`await asyncio.sleep(max(0, due - loop.time()))`, with loop = asyncio.get_running_loop().")
CLOSE_HINT = ("Call `await source.aclose()` in a `finally:` around the reading, so that it happens however take "
              "ends (or read inside `async with contextlib.aclosing(source):` when the source has aclose()).")


@pytest.fixture(autouse=True)
def loop_clock(monkeypatch, exercise):
    """time.monotonic() (and perf_counter()), called from the learner's file, read the event loop's clock:
    in asyncio loop.time() is time.monotonic(), so a ticker that reads it keeps its schedule too. Not
    time.time(): the wall clock is another clock, with another zero, and it jumps when it is set."""
    use_loop_clock(monkeypatch, exercise, clocks=("monotonic", "perf_counter"))


def open_ticker(exercise, interval, count):
    """ticker(interval, count), failing clearly unless it is an async iterator."""
    made = exercise.ticker(interval, count)
    if inspect.iscoroutine(made):
        made.close()
        fail("ticker is a coroutine function that returns once, not an async generator: it must `yield` "
             "each item.", hint="An `async def` with `yield` in its body is an async generator: `async for` "
                                "reads it item by item.")
    if not hasattr(made, "__anext__"):
        fail(f"ticker({interval}, {count}) returned {made!r}, not an async generator.",
             hint="Write ticker as `async def` and `yield` each number.")
    return made


async def consume(source, work=(), limit=50, patience=100.0):
    """Read source with `async for`, spending work[i] seconds on item i; (seconds since the first
    iteration, item) of every item, rounded to the millisecond. Fails if that takes `patience` seconds."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    seen = []
    try:
        async with asyncio.timeout(patience):
            async for item in source:
                seen.append((round(loop.time() - start, 3), item))
                if len(seen) >= limit:
                    break
                if len(seen) <= len(work):
                    await asyncio.sleep(work[len(seen) - 1])
    except TimeoutError:
        got = ", ".join(f"{item!r} at {seconds(moment)}" for moment, item in seen)
        fail(f"ticker waited far longer than its schedule: after {seconds(patience)} of loop time it had yielded "
             f"{f'only {got}' if got else 'nothing'}.",
             "Does it mix two clocks? time.time() (the wall clock) and loop.time() count from different zeros.",
             hint=DRIFT_HINT)
    return seen


def close_to(times, expected, relative=0.0):
    return len(times) == len(expected) and all(abs(a - b) <= 0.01 + relative * b for a, b in zip(times, expected))


def expect_times(times, expected, *, what, mistakes, headline, evidence=(), hint=None):
    if close_to(times, expected):
        return
    measured = (f"{what}: items came at {', '.join(map(seconds, times)) or 'no time at all'}; "
                f"expected {', '.join(map(seconds, expected))}.")
    for wrong, named in mistakes:
        # Naming a mistake allows some slack: a ticker on the wall clock also counts the real time that passes.
        if close_to(times, wrong, relative=0.05):
            fail(named, measured, *evidence, hint=hint)
    fail(headline, measured, *evidence, hint=hint)


# --- ticker ---------------------------------------------------------------------------------------------

async def test_ticker_ticks_on_schedule(exercise):
    for interval, count in [(0.5, 5), (1.5, 3), (2.0, 0)]:
        source = open_ticker(exercise, interval, count)
        await asyncio.sleep(0.25)  # made a little before its first iteration: start is the first iteration
        seen = await consume(source, limit=count + 3)
        what = f"ticker({interval}, {count}) with a consumer that takes no time"
        expect_equal([item for _, item in seen], list(range(count)), what=f"the items of {what}", mistakes=[
            (list(range(1, count + 1)), "ticker counted from 1: its items are 0, 1, ..., count - 1."),
            (list(range(count + 1)), "ticker yielded one item too many: its items are 0, 1, ..., count - 1."),
        ])
        expect_times([moment for moment, _ in seen], [i * interval for i in range(count)], what=what, mistakes=[
            ([(i + 1) * interval for i in range(count)],
             "ticker waited an interval before the first item: item 0 is due at once, item i at "
             "start + i * interval."),
            ([interval * i * (i + 1) / 2 for i in range(count)],
             "ticker's waits added up: it slept i * interval before item i instead of sleeping until "
             "start + i * interval (or it read the time from time.time(), the wall clock, not the loop's)."),
            ([max(0, i * interval - 0.25) for i in range(count)],
             "ticker started its schedule when it was made, not at its first iteration (the test waited "
             "0.25 s in between)."),
        ], headline="ticker did not keep to its schedule: item i is due at start + i * interval.", hint=DRIFT_HINT)


async def test_a_slow_consumer_does_not_make_ticker_drift(exercise):
    interval, work = 1.0, [0.3, 0.3, 1.6, 0.2, 0.3]
    right, drift, catch_up = [0.0], [0.0], [0.0]
    for i, busy in enumerate(work[:-1], start=1):
        right.append(max(i * interval, right[-1] + busy))
        drift.append(drift[-1] + busy + interval)
        catch_up.append(catch_up[-1] + max(busy, interval))
    seen = await consume(open_ticker(exercise, interval, len(work)), work, limit=len(work) + 3)
    times = [moment for moment, _ in seen]
    expect_equal([item for _, item in seen], list(range(len(work))), what="the items of ticker(1.0, 5)")
    evidence = [f"The consumer spent {', '.join(map(seconds, work))} on the items, one after another: item 2 "
                "kept it busy past the time item 3 was due.",
                "Expected: " + ", ".join(f"item {i} at {seconds(t)}" for i, t in enumerate(right)) +
                " (item 3 was late, so it came as soon as the consumer asked for it)."]
    expect_times(times, right, what="ticker(1.0, 5)", evidence=evidence, hint=DRIFT_HINT, mistakes=[
        (drift, "ticker drifted: it slept the full interval after each item, so the time the consumer spent "
                "on every item piled up on top of the schedule."),
        (catch_up, "ticker drifted after a late item: it measured each wait from the previous item, not "
                   "from the start, so item 4 came a whole interval after the late item 3 instead of at 4.0 s."),
    ], headline="ticker drifted off its absolute schedule under a slow consumer: item i must still come at "
                "start + i * interval (or at once, when it is already late).")


# --- take ------------------------------------------------------------------------------------------------

def expect_take_is_a_coroutine_function(exercise):
    if inspect.isasyncgenfunction(exercise.take):
        fail("take is an async generator (it yields): it must return the items as one list.",
             hint="Collect the items in a list and `return` it.")
    if not inspect.iscoroutinefunction(exercise.take):
        fail("take must be a coroutine function (async def): it awaits the source's items.")


async def test_take_returns_the_first_n_items(exercise):
    expect_take_is_a_coroutine_function(exercise)
    for n in [3, 1, 5]:
        feed = Feed()
        letters = list("pqrstu")
        source = feed.stream("source", [(0.5, letter) for letter in letters])
        result = await take(exercise, source, n)
        expect_equal(result, letters[:n], what=f"take(source, {n})", evidence=[feed.timeline()], mistakes=[
            (letters[:n - 1], f"take returned one item too few: take(source, {n}) is the first {n} items."),
            (letters[:n + 1], f"take returned one item too many: take(source, {n}) is the first {n} items."),
        ])


async def take(exercise, source, n):
    """take(source, n), naming the mistake if it ran past the end of a short source."""
    try:
        return await exercise.take(source, n)
    except (StopAsyncIteration, RuntimeError) as error:
        if isinstance(error, RuntimeError) and not isinstance(error.__cause__, StopAsyncIteration):
            raise
        raised = type(error).__name__
    fail(f"take(source, {n}) raised {raised} when the source ended before {n} items: it should return the "
         "items it got.", hint="`async for` stops by itself when the source ends; with anext(), catch "
                               "StopAsyncIteration.")


async def test_take_reads_no_more_than_it_needs(exercise):
    expect_take_is_a_coroutine_function(exercise)
    feed = Feed()
    source = feed.stream("source of 6 items, 1 s each",
                         [(1, word) for word in ("one", "two", "three", "four", "five", "six")])
    result, elapsed = await timed(take(exercise, source, 3))
    pulled = feed.runs[0].pulls
    if pulled > 3:
        fail(f"take read {pulled - 3} item(s) more than it needed: take(source, 3) asked the source for "
             f"{pulled} items.", f"take took {seconds(elapsed)}; returned {result!r}.", feed.timeline(),
             hint="Stop right after the n-th item (break once the list is long enough), before asking for another.")
    expect_equal(result, ["one", "two", "three"], what="take(source, 3)", evidence=[feed.timeline()])

    feed = Feed()
    source = feed.stream("source", [(1, "first"), (1, "second")])
    result, elapsed = await timed(take(exercise, source, 0))
    if feed.runs[0].pulls:
        fail("take(source, 0) read from the source: with n = 0 it must not ask for any item.",
             f"It returned {result!r} after {seconds(elapsed)}.", feed.timeline(),
             hint="Check whether you need more items before asking for the next one, not only after.")
    expect_equal(result, [], what="take(source, 0)")


async def test_take_stops_when_the_source_ends(exercise):
    expect_take_is_a_coroutine_function(exercise)
    feed = Feed()
    source = feed.stream("source of 2 items", [(0.5, 10), (0.5, 20)])
    result = await take(exercise, source, 5)
    expect_equal(result, [10, 20], what="take(source, 5) of a source of 2 items", evidence=[feed.timeline()])


async def test_take_closes_the_source(exercise):
    expect_take_is_a_coroutine_function(exercise)
    for n in [2, 1]:
        feed = Feed()
        source = feed.stream("source", [(0.5, f"item {i}") for i in range(6)])
        await take(exercise, source, n)
        run = feed.runs[0]
        if run.outcome != CLOSED:
            fail(f"take did not close the source: after take(source, {n}) returned, the generator was still "
                 "paused at its `yield`, its `finally` blocks not run.", feed.timeline(),
                 hint=CLOSE_HINT)


class Connection:
    """A hand-made async iterator over a connection, with an aclose() that closes it: its third read fails,
    or (with `fails=False`) waits for good."""

    def __init__(self, *, fails):
        self.fails = fails
        self.reads = 0
        self.closed = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.reads += 1
        await asyncio.sleep(0.1)
        if self.reads < 3:
            return f"line {self.reads}"
        if self.fails:
            raise ConnectionResetError("the connection dropped")
        await asyncio.sleep(3600)

    async def aclose(self):
        self.closed = True

    def __repr__(self):
        return "Connection()"


async def test_take_closes_the_source_also_when_reading_ends_badly(exercise):
    expect_take_is_a_coroutine_function(exercise)
    source = Connection(fails=True)
    try:
        await exercise.take(source, 5)
    except ConnectionResetError:
        pass
    if not source.closed:
        fail("take did not close the source when reading it failed: the third read raised ConnectionResetError, "
             "and take let it through without calling aclose(), so the connection stays open.",
             "The source: a hand-made async iterator over a connection, with aclose(); take(source, 5).",
             hint=CLOSE_HINT)

    source = Connection(fails=False)
    try:
        async with asyncio.timeout(1.0):
            await exercise.take(source, 5)
    except TimeoutError:
        pass
    if not source.closed:
        fail("take did not close the source when it was cancelled: a timeout cancelled take(source, 5) while it "
             "waited for the third item, and aclose() was never called, so the connection stays open.",
             "The source: a hand-made async iterator over a connection, with aclose(); take ran inside "
             "`async with asyncio.timeout(1.0):`.", hint=CLOSE_HINT)


class Countdown:
    """A hand-made async iterator with __anext__ but no aclose()."""

    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await asyncio.sleep(0.1)
        self.n -= 1
        return self.n

    def __repr__(self):
        return f"Countdown({self.n})"


async def test_take_accepts_a_source_without_aclose(exercise):
    expect_take_is_a_coroutine_function(exercise)
    for n, size, expected in [(2, 5, [4, 3]), (3, 1, [0])]:
        try:
            result = await take(exercise, Countdown(size), n)
        except AttributeError as error:
            result, problem = None, f"AttributeError: {error}"
        if result is None:
            fail(f"take failed on an async iterator that has no aclose(): {problem}",
                 "Only async generators (and some other streams) have aclose(); a class with __aiter__ and "
                 "__anext__ may not.",
                 hint="Close the source only if it has the method: getattr(source, \"aclose\", None).")
        expect_equal(result, expected, what=f"take(Countdown({size}), {n}) (it counts down from {size - 1})")
