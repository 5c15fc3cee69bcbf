"""single_flight: callers of a key share the call in flight; no caching; exceptions and cancellations."""
import asyncio

from grader.harness import (
    PATIENCE,
    Jobs,
    after,
    busy_waiting_fixture,
    expect_equal,
    fail,
    raise_task_errors,
    seconds,
    stop_tasks,
)

CANCELLED = "<cancelled>"
SHIELD_HINT = ("Await the shared task through asyncio.shield(task): cancelling the waiter then stops only "
               "the waiter, and the task runs on for the others.")


busy_waiting = busy_waiting_fixture(what="do", hint=(
    "Let the waiters await the shared task itself (through asyncio.shield): an await wakes them "
    "exactly when the task is done."))


class Callers:
    """Callers of one SingleFlight, each calling do() in its own task at a chosen loop time. Caller n
    brings its own make(), whose result is "<key>#n", so a result tells whose make() it came from."""

    def __init__(self, exercise):
        self.flight = exercise.SingleFlight()
        self.jobs = Jobs()
        self.tasks: list[asyncio.Task] = []
        self.lines: list[str] = []
        self.ended: dict[int, float] = {}
        self.gave_up = False
        self.loop = asyncio.get_running_loop()

    def call(self, key, *, at=0.0, delay=1.0, error=None):
        number = len(self.tasks)
        what = f"raises {error!r}" if error else f"returns {key}#{number}"
        make = self.jobs.maker(delay, f"{key}#{number}", error=error,
                               label=f"make() of caller {number}: {what} after {seconds(delay)}")
        self.lines.append(f"  caller {number}: do({key!r}) at {seconds(at)}")

        task = asyncio.create_task(after(at, lambda: self.flight.do(key, make)))
        task.add_done_callback(lambda done: self._ended(number, done))
        self.tasks.append(task)
        return task

    def _ended(self, number, task):
        self.ended[number] = round(self.loop.time(), 6)
        now = seconds(self.loop.time())
        if self.gave_up:
            ended = f"still waiting at {now}, when the test gave up"
        elif task.cancelled():
            ended = f"was cancelled at {now}"
        elif task.exception() is not None:
            ended = f"raised {task.exception()!r} at {now}"
        else:
            ended = f"got {task.result()!r} at {now}"
        self.lines[number] += f", {ended}"

    async def settle(self, stuck: str, hint: str | None = None) -> None:
        """Wait (in loop time) until every caller is done; fail with `stuck` if some never are."""
        _, pending = await asyncio.wait(self.tasks, timeout=PATIENCE)
        if pending:
            self.gave_up = True
            await stop_tasks(pending)
            fail(stuck, *self.evidence(), hint=hint)
        raise_task_errors(self.tasks, expected=lambda error: self.jobs.escaped(error) is not None)

    def evidence(self) -> list[str]:
        callers = [line if number in self.ended else f"{line}, still waiting"
                   for number, line in enumerate(self.lines)]
        return ["The callers (loop seconds):", *callers, self.jobs.timeline("The make() calls (loop seconds):")]

    def results(self) -> list:
        """What each caller got: its result, the exception it raised, or CANCELLED."""
        return [CANCELLED if task.cancelled() else task.exception() or task.result() for task in self.tasks]


def ended_at(callers: Callers) -> list[float]:
    """When each caller's do() ended (loop seconds)."""
    return [callers.ended.get(number) for number in range(len(callers.tasks))]


def expect_one_call(callers: Callers, key: str, count: int, *, hint: str | None = None) -> None:
    if len(callers.jobs.runs) > 1:
        fail(f"Calling make once per caller: {count} callers of key {key!r} while its call was in flight "
             f"ran make() {len(callers.jobs.runs)} times; they should all share the first caller's call.",
             *callers.evidence(),
             hint=hint or "Keep the task of the call in flight in a dict by key; a caller who finds one "
                          "there awaits it instead of calling make().")
    if not callers.jobs.runs:
        fail("do never called make().", *callers.evidence())


async def test_callers_of_one_key_share_one_call(exercise):
    callers = Callers(exercise)
    for _ in range(5):
        callers.call("a")
    await callers.settle("Some callers of key 'a' never got a result.")
    expect_one_call(callers, "a", 5)
    expect_equal(callers.results(), ["a#0"] * 5, what="what the 5 callers of do('a') got",
                 evidence=callers.evidence())
    expect_equal(ended_at(callers), [1.0] * 5, what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())


async def test_a_late_caller_joins_the_call_in_flight(exercise):
    callers = Callers(exercise)
    for at in [0, 0.5, 0.9]:
        callers.call("user:42", at=at)
    await callers.settle("Some callers of key 'user:42' never got a result.")
    expect_one_call(callers, "user:42", 3)
    expect_equal(callers.results(), ["user:42#0"] * 3, what="what the callers got (at 0, 0.5 and 0.9 s)",
                 evidence=callers.evidence())
    expect_equal(ended_at(callers), [1.0] * 3, what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())


async def test_other_keys_have_their_own_call(exercise):
    callers = Callers(exercise)
    for key, at in [("a", 0), ("b", 0), ("a", 0.25), ("b", 0.5)]:
        callers.call(key, at=at)
    await callers.settle("Some callers never got a result.")
    results = callers.results()
    if results[1] == "a#0":
        fail("do ignored the key: a caller of key 'b' got the result of the call for key 'a'.",
             *callers.evidence(), hint="Keep one call in flight per key: a dict from key to its task.")
    expect_equal(results, ["a#0", "b#1", "a#0", "b#1"], what="what the callers of keys a, b, a, b got",
                 evidence=callers.evidence())
    expect_equal(len(callers.jobs.runs), 2, what="the number of make() calls for two keys",
                 evidence=callers.evidence())
    expect_equal(ended_at(callers), [1.0] * 4, what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence(), mistakes=[
                     ([1.0, 2.0, 1.0, 2.0], "The calls for different keys ran one after another: key 'b' "
                                            "waited for key 'a'. Only callers of the same key share.")])


async def test_a_finished_call_is_not_cached(exercise):
    callers = Callers(exercise)
    callers.call("a")
    callers.call("a", at=2.0)
    callers.call("a", at=2.5)
    await callers.settle("Some callers never got a result.")
    results = callers.results()
    if results[1] == "a#0":
        fail("Caching results forever: a caller at 2.0 s got the result of the call that had finished "
             "at 1.0 s. Once a call is done, the next caller must run make() again.",
             *callers.evidence(), hint="Remove the key from the dict when its call finishes "
                                       "(task.add_done_callback does it at the right moment).")
    expect_equal(results, ["a#0", "a#1", "a#1"], what="what the callers at 0, 2.0 and 2.5 s got",
                 evidence=callers.evidence())
    expect_equal(ended_at(callers), [1.0, 3.0, 3.0], what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())


async def test_an_exception_reaches_every_waiter(exercise):
    callers = Callers(exercise)
    error = ValueError("the database is down")
    callers.call("a", error=error)
    callers.call("a")
    callers.call("a", at=0.5)
    await callers.settle("When make() raised, some waiters were left waiting forever: every waiter must "
                         "get the exception.",
                         hint="If you hand the result over yourself (a Future, an Event), hand the "
                              "exception over too. Awaiting the shared task does both for you.")
    expect_one_call(callers, "a", 3)
    got = callers.results()
    if not all(outcome is error for outcome in got):
        fail("Not every waiter got make()'s exception: each one's do() must raise it.", *callers.evidence(),
             hint="Every waiter awaits the same task, and awaiting a task that raised raises its exception.")
    expect_equal(ended_at(callers), [1.0] * 3, what="when the callers' do() raised (loop seconds)",
                 evidence=callers.evidence())
    again = callers.call("a", at=0.5)
    await callers.settle("A caller after the failed call never got a result.")
    if again.exception() is error:
        fail("Caching results forever: after make() had raised, the next caller got the same exception "
             "again instead of a new call.", *callers.evidence())
    expect_equal(again.result(), "a#3", what="what a caller after the failed call got",
                 evidence=callers.evidence())


async def test_a_cancelled_waiter_does_not_cancel_the_others(exercise):
    callers = Callers(exercise)
    first = callers.call("a")
    callers.call("a")
    callers.call("a", at=0.25)
    await asyncio.sleep(0.5)
    first.cancel()
    await callers.settle("One waiter's cancellation stranded the others: after caller 0 was cancelled, "
                         "callers 1 and 2 were left waiting forever.",
                         hint=SHIELD_HINT)
    got = callers.results()
    if CANCELLED in got[1:] or any(run.cancelled_at is not None for run in callers.jobs.runs):
        fail("One waiter's cancellation cancelled the others: caller 0 was cancelled at 0.5 s, and that "
             "stopped the shared call for callers 1 and 2 too.", *callers.evidence(), hint=SHIELD_HINT)
    if not first.cancelled():
        fail("The cancelled caller did not stop waiting: do() must let the cancellation through.",
             *callers.evidence())
    expect_one_call(callers, "a", 3)
    expect_equal(got[1:], ["a#0", "a#0"], what="what callers 1 and 2 got", evidence=callers.evidence())
    expect_equal(ended_at(callers), [0.5, 1.0, 1.0], what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())


async def test_the_call_stays_shared_after_its_first_caller_is_cancelled(exercise):
    callers = Callers(exercise)
    first = callers.call("a")
    await asyncio.sleep(0.25)
    first.cancel()
    callers.call("a", at=0.25)  # joins at 0.5 s, while the call started at 0 s is still in flight
    await callers.settle("One waiter's cancellation stranded the others: after caller 0 was cancelled, "
                         "caller 1 was left waiting forever.",
                         hint=SHIELD_HINT)
    if any(run.cancelled_at is not None for run in callers.jobs.runs):
        fail("One waiter's cancellation cancelled the shared call: caller 0 was cancelled at 0.25 s, and "
             "its make() stopped with it.", *callers.evidence(), hint=SHIELD_HINT)
    if len(callers.jobs.runs) > 1:
        fail("The cancelled caller took the call in flight out of the dict: caller 1 came at 0.5 s, while "
             "that call was still running, and ran make() again instead of sharing it.",
             *callers.evidence(),
             hint="Remove the key when the call finishes (a done callback on its task), not when a "
                  "waiter stops waiting.")
    expect_equal(callers.results()[1], "a#0", what="what caller 1 got", evidence=callers.evidence())
    expect_equal(ended_at(callers), [0.25, 1.0], what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())


async def test_a_call_left_by_all_its_waiters_is_not_cached(exercise):
    callers = Callers(exercise)
    first = callers.call("a")
    await asyncio.sleep(0.5)
    first.cancel()
    callers.call("a", at=1.5)  # at 2.0 s: the call started at 0 s finished at 1.0 s, with nobody waiting
    await callers.settle("A caller after the abandoned call never got a result.")
    if any(run.cancelled_at is not None for run in callers.jobs.runs):
        fail("One waiter's cancellation cancelled the shared call: caller 0 was cancelled at 0.5 s, and its make() "
             "stopped with it.", *callers.evidence(), hint=SHIELD_HINT)
    if callers.results()[1] == "a#0":
        fail("Caching results forever: every waiter of the first call was cancelled before it finished at 1.0 s, "
             "and a caller at 2.0 s got its old result instead of a new call.", *callers.evidence(),
             hint="Take the key out when the call itself finishes (task.add_done_callback), not when a waiter "
                  "stops waiting: the call may finish with nobody waiting.")
    expect_equal(callers.results()[1], "a#1", what="what the caller at 2.0 s got", evidence=callers.evidence())
    expect_equal(ended_at(callers), [0.5, 3.0], what="when the callers' do() ended (loop seconds)",
                 evidence=callers.evidence())
