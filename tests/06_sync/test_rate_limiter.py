"""rate_limiter: a sliding window, first come first served, cancelled waiters take no place, no busy waiting."""
import asyncio
import math

import pytest

from grader.harness import (
    PATIENCE,
    TOLERANCE,
    after,
    at_same_moment,
    busy_waiting_fixture,
    expect_equal,
    fail,
    raise_task_errors,
    seconds,
    stop_tasks,
    use_loop_clock,
)

SLIDING_HINT = ("Keep the moments the callers went ahead (a deque). A caller may go once fewer than `rate` of "
                "them are less than `per` seconds old; otherwise sleep until the oldest one is `per` seconds "
                "old, and look again.")
FAIR_HINT = ("Let the callers wait in line: hold an asyncio.Lock while you wait for a place, so the next caller "
             "only starts waiting for a place once the one before it has gone ahead.")


busy_waiting = busy_waiting_fixture(what="acquire", hint=(
    "Sleep until the oldest place frees up: `await asyncio.sleep(oldest + per - now)`. Or let an "
    "asyncio.Lock or a Future do the waiting."))


@pytest.fixture(autouse=True)
def loop_clock(monkeypatch, exercise):
    """time.monotonic() and friends, called from the learner's file, read the event loop's clock."""
    use_loop_clock(monkeypatch, exercise)


class Line:
    """Callers of one limiter, each arriving at its own loop time and awaiting acquire() (or entering
    `async with limiter:`). Records when each one came, in what order, and when it went ahead."""

    def __init__(self, limiter, *, use_with=False):
        self.limiter = limiter
        self.use_with = use_with
        self.loop = asyncio.get_running_loop()
        self.began = self.loop.time()
        self.tasks: list[asyncio.Task] = []
        self.came: dict[int, float] = {}
        self.went: dict[int, float] = {}
        self.order: list[int] = []  # callers in the order they called acquire

    def now(self) -> float:
        return round(self.loop.time() - self.began, 6)

    def come(self, at=0.0, *, then=None) -> asyncio.Task:
        number = len(self.tasks)

        async def caller():
            self.came[number] = self.now()
            self.order.append(number)
            if self.use_with:
                async with self.limiter:
                    self.went[number] = self.now()
                    if then:
                        then()
            else:
                await self.limiter.acquire()
                self.went[number] = self.now()

        self.tasks.append(asyncio.create_task(after(at, caller)))
        return self.tasks[-1]

    async def settle(self, expected=None, *, allowed=()) -> None:
        """Wait (in loop time) until every caller is done; fail if some never are. Exceptions other than
        the `allowed` ones come through."""
        _, pending = await asyncio.wait(self.tasks, timeout=PATIENCE)
        if pending:
            await stop_tasks(pending)
            fail(f"acquire never let some callers go ahead: they were still waiting {seconds(PATIENCE)} of "
                 "loop time later.", self.evidence(expected), hint=SLIDING_HINT)
        raise_task_errors(self.tasks, expected=lambda error: any(error is e for e in allowed))

    def evidence(self, expected=None) -> str:
        lines = []
        for place, number in enumerate(self.order, 1):
            went = self.went.get(number)
            task = self.tasks[number]
            shown = (f"went ahead at {seconds(went)}" if went is not None else
                     "was cancelled while it waited" if task.cancelled() else "never went ahead")
            if expected and number in expected:
                shown += f" (expected {seconds(expected[number])})"
            lines.append(f"  caller {number}: came at {seconds(self.came[number])} ({ordinal(place)} in line), {shown}")
        return "The callers, in the order they called acquire (loop seconds):\n" + "\n".join(lines)


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def first_come_first_served(line, rate, per, skip=()):
    """When each caller goes ahead with a sliding window, in the order they came, skipping `skip`."""
    went: list[float] = []
    expected = {}
    for number in line.order:
        if number in skip:
            continue
        moment = max(line.came[number], went[-1] if went else 0.0)
        if len(went) >= rate:
            moment = max(moment, went[-rate] + per)
        went.append(moment)
        expected[number] = moment
    return expected


def fixed_windows(line, rate, per):
    """When each caller goes ahead if every whole window [k * per, (k + 1) * per) lets `rate` through."""
    counts: dict[int, int] = {}
    moment, expected = 0.0, {}
    for number in line.order:
        moment = max(moment, line.came[number])
        while counts.get(math.floor(moment / per + 1e-9), 0) >= rate:
            moment = (math.floor(moment / per + 1e-9) + 1) * per
        window = math.floor(moment / per + 1e-9)
        counts[window] = counts.get(window, 0) + 1
        expected[number] = moment
    return expected


def expect_schedule(line, rate, per, *, skip=(), what="", mistakes=()):
    """The callers went ahead as a fair sliding window lets them: name a burst, an overtaking, a delay."""
    expected = first_come_first_served(line, rate, per, skip)
    evidence = line.evidence(expected)
    moments = sorted(line.went.values())
    for first, last in zip(moments, moments[rate:]):
        if last - first < per - TOLERANCE:
            if all(at_same_moment(line.went.get(n), t) for n, t in fixed_windows(line, rate, per).items()):
                fail(f"Bursts across a fixed-window boundary: {rate + 1} callers went ahead between "
                     f"{seconds(first)} and {seconds(last)}, but at most {rate} may in any {seconds(per)}. "
                     f"Counting per whole window of {seconds(per)} lets a burst through where two windows "
                     "meet.", evidence, hint=SLIDING_HINT)
            fail(f"Too many callers went ahead within {seconds(per)}: {rate + 1} of them between {seconds(first)} "
                 f"and {seconds(last)}, but RateLimiter({rate}, {per}) lets at most {rate} through in any "
                 f"{seconds(per)}.", evidence, hint=SLIDING_HINT)
    for position, earlier in enumerate(line.order):
        for later in line.order[position + 1:]:
            if earlier in line.went and later in line.went and line.went[later] < line.went[earlier] - TOLERANCE:
                fail(f"Unfair ordering: caller {later} came after caller {earlier}, but went ahead first "
                     f"({seconds(line.went[later])} before {seconds(line.went[earlier])}). First come, first "
                     "served.", evidence, hint=FAIR_HINT)
    actual = {number: line.went.get(number) for number in expected}
    for wrong, headline in mistakes:
        if all(at_same_moment(actual[n], wrong.get(n)) for n in expected):
            fail(headline, evidence, hint=SLIDING_HINT)
    if all(actual[n] is not None and actual[n] >= expected[n] - TOLERANCE for n in expected):
        late = [n for n in expected if actual[n] > expected[n] + TOLERANCE]
        if late:
            fail(f"acquire kept callers waiting longer than the limit requires: caller {late[0]} could have "
                 f"gone ahead at {seconds(expected[late[0]])}, but went at {seconds(actual[late[0]])}.",
                 evidence, hint=SLIDING_HINT)
    expect_equal([actual[n] for n in expected], [expected[n] for n in expected],
                 what=f"when the callers went ahead{what} (loop seconds, in order of arrival)", evidence=[evidence],
                 hint=SLIDING_HINT)


async def test_ten_callers_go_at_0_0_0_1_1_1_2_2_2_3(exercise):
    line = Line(exercise.RateLimiter(3, 1.0))
    for _ in range(10):
        line.come()
    await line.settle()
    expect_schedule(line, 3, 1.0)
    expect_equal([line.went[n] for n in line.order], [0, 0, 0, 1, 1, 1, 2, 2, 2, 3],
                 what="when the ten callers went ahead", evidence=[line.evidence()])


async def test_the_window_slides(exercise):
    # Fixed windows of 0.5 s would let callers through at 0.375, 0.5 and 0.5: three within 0.5 s.
    line = Line(exercise.RateLimiter(2, 0.5))
    for at in [0, 0.375, 0.5, 0.5, 0.625, 0.625]:
        line.come(at)
    await line.settle()
    expect_schedule(line, 2, 0.5, what=" with RateLimiter(2, 0.5)")


async def test_first_come_first_served(exercise):
    line = Line(exercise.RateLimiter(1, 1.0))
    for at in [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75]:
        line.come(at)
    await line.settle()
    expect_schedule(line, 1, 1.0, what=" with RateLimiter(1, 1.0)")


async def test_a_cancelled_waiter_takes_no_place(exercise):
    line = Line(exercise.RateLimiter(2, 1.0))
    for at in [0, 0, 0.25, 0.375, 0.5, 0.625]:
        line.come(at)
    await asyncio.sleep(0.75)
    first_waiter, middle_waiter = line.order[2], line.order[4]
    for number in (first_waiter, middle_waiter):
        line.tasks[number].cancel()
    line.come(1.25 - 0.75)
    await line.settle()
    for number in (first_waiter, middle_waiter):
        if not line.tasks[number].cancelled():
            fail(f"A waiter cancelled at 0.75 s was not cancelled: caller {number}'s acquire() went on as if "
                 "nothing had happened.", line.evidence(), hint="Let the CancelledError through: don't catch it.")
    counted = first_come_first_served(line, 2, 1.0)
    counted = {n: t for n, t in counted.items() if n not in (first_waiter, middle_waiter)}
    expect_schedule(line, 2, 1.0, skip=(first_waiter, middle_waiter), what=" after two waiters were cancelled",
                    mistakes=[(counted, f"A cancelled waiter still counted: callers {first_waiter} and "
                                        f"{middle_waiter} were cancelled at 0.75 s while they waited, but the "
                                        "others went ahead as if they had used up their places.")])


async def test_async_with_acquires(exercise):
    error = KeyError("raised inside `async with limiter:`")

    def raise_inside():
        raise error

    line = Line(exercise.RateLimiter(2, 1.0), use_with=True)
    for _ in range(3):
        line.come()
    raising = line.come(then=raise_inside)
    await line.settle(allowed=[error])
    if raising.exception() is not error:
        fail("__aexit__ swallowed the exception raised inside `async with limiter:`: leaving the block must "
             "let it through.", line.evidence(),
             hint="__aexit__ returns None (or False) to let the exception through; True swallows it.")
    expect_schedule(line, 2, 1.0, what=" entering `async with limiter:`")


async def test_waits_without_polling(exercise, busy_waiting):
    line = Line(exercise.RateLimiter(3, 1.0))
    for _ in range(10):
        line.come()
    await line.settle()
    # Something can change only when a caller comes, or when a place frees up (per after one went ahead).
    moments = {*line.came.values(), *(went + 1.0 for went in line.went.values())}
    wasted = [moment - line.began for moment in busy_waiting.wakeups
              if not any(at_same_moment(moment - line.began, useful) for useful in moments)]
    if len(wasted) > 3 or busy_waiting.sleeps > 4 * len(line.tasks):
        shown = ", ".join(seconds(moment) for moment in sorted(set(wasted))[:8])
        fail(f"Busy waiting: acquire polled. Your code called asyncio.sleep {busy_waiting.sleeps} times while "
             "10 callers waited at most 3 s, checking again and again in small steps"
             + (f", and woke up {len(wasted)} times when no place could have freed up (at {shown} ...)." if wasted
                else "."),
             f"asyncio.sleep called at: {busy_waiting.sleep_lines(positive=True)}",
             "Places free up only at 1.0, 2.0 and 3.0 s here.",
             hint="Work out when the next place frees up (the oldest moment + per) and sleep exactly until then.")
    expect_schedule(line, 3, 1.0)
