"""tiny_loop: an event loop with a ready queue, a waiting heap and a simulated clock, without asyncio."""
import ast
import asyncio
import asyncio.base_events
import asyncio.events
import ctypes
import inspect
import itertools
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.harness import expect_equal, fail, raising_frame, rebind

# These are plain `def` tests: TinyLoop must run without asyncio, so no asyncio loop is running here.
# The learner's loop runs in a helper thread, so that a loop that never ends is stopped and named.
REAL_TIME_LIMIT = 3.0  # a correct TinyLoop needs milliseconds of real time for any of these tests
WALL_BOUND = 1.5  # real seconds allowed for sleeping 1000 s of simulated time


class Boom(Exception):
    """An error only these tests raise."""


class Stuck(BaseException):
    """Raised inside a TinyLoop that ran too long in real time, to stop it."""


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch, exercise):
    """time.sleep fails the test: TinyLoop's clock is simulated, nothing may wait for real."""
    calls = []
    originals = {time.sleep, getattr(time.sleep, "__wrapped__", None)}

    def real_sleep(seconds, *_):
        calls.append(seconds)
        fail(f"TinyLoop slept for real: it called time.sleep({seconds!r}).",
             "TinyLoop's clock is simulated: when no task is ready it jumps to the next wake-up time, "
             "and no real time passes.",
             hint="Set the clock to the earliest wake-up time in the waiting heap instead of sleeping.")

    monkeypatch.setattr(time, "sleep", real_sleep)
    # `from time import sleep` in the learner's file
    rebind(monkeypatch, exercise, {original: real_sleep for original in originals if original is not None})
    return calls


@pytest.fixture
def loop(exercise):
    return exercise.TinyLoop()


def run(loop, coro, *, what="run_until_complete", stuck_hint=None):
    """loop.run_until_complete(coro) in a helper thread: (its result, real seconds it took)."""
    box = {}

    def target():
        started = time.perf_counter()
        try:
            box["value"] = loop.run_until_complete(coro)
        except BaseException as error:  # re-raised in the test's thread
            box["error"] = error
        box["wall"] = time.perf_counter() - started

    thread = threading.Thread(target=target, name="TinyLoop", daemon=True)
    thread.start()
    thread.join(REAL_TIME_LIMIT)
    if thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(Stuck))
        thread.join(1.0)
        close_unstarted(coro)
        fail(f"{what} never returned: it was still running after {REAL_TIME_LIMIT:g} s of real time, although "
             "TinyLoop's clock is simulated and the test takes milliseconds.",
             "Does the loop keep going round without running anything, or wait in real time?",
             hint=stuck_hint or "Every turn should run one ready task; when none is ready, jump the clock to the "
             "earliest wake-up time in the waiting heap.")
    close_unstarted(coro)
    error = box.get("error")
    if compared_tasks(error, loop):
        fail("TinyLoop compared two tasks: sleepers due at the same time made heapq compare the tasks "
             f"themselves (TypeError: {error}).",
             hint="Put a tie-breaker between the time and the task: (wake_time, next(counter), task), with "
             "counter = itertools.count().")
    if error is not None:
        raise error
    return box["value"], box["wall"]


def compared_tasks(error, loop):
    """A TypeError from ordering the loop's tasks (heapq compares the tuples' next items when two wake-up
    times tie): the frame that raised it holds a task, an object of a class of the learner's file (not
    the loop, not a Sleep) that has no order."""
    frame = raising_frame(error) if isinstance(error, TypeError) else None
    if frame is None:
        return False
    module = type(loop).__module__
    sleep = getattr(sys.modules.get(module), "Sleep", ())
    return any(type(value).__module__ == module and value is not loop and not isinstance(value, sleep)
               and not orderable(value) for value in frame.f_locals.values())


def orderable(value):
    try:
        value < value  # noqa: B015 - only whether it raises matters
    except TypeError:
        return False
    return True


CREATED = []  # every coroutine the tests made, so that a loop that never starts one is diagnosed, not warned


def made(coro):
    CREATED.append(coro)
    return coro


def close_unstarted(*coros):
    for coro in [*coros, *CREATED]:
        if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
            coro.close()
    CREATED.clear()


def expect_raises_boom(call, boom, *, what):
    try:
        value = call()
    except (NotImplementedError, pytest.fail.Exception):
        raise
    except Exception as error:  # the wrong exception is the diagnosis
        raised = error
    else:
        raised = None
    if raised is boom:
        return
    if raised is not None:
        fail(f"{what} raised {type(raised).__name__}: {raised} instead of the coroutine's own exception, "
             f"{boom!r}.", hint="Keep the exception the coroutine raised and raise that very one again.")
    fail(f"TinyLoop lost the exception: {what} returned {value!r} instead of raising {boom!r}.",
         hint="When send() raises, store the exception in the task; result() raises it again.")


def test_runs_a_coroutine_and_returns_its_result(exercise, loop):
    async def main():
        started = loop.time()
        await exercise.Sleep(0.5)
        await exercise.Sleep(1.25)
        return {"started at": started, "finished at": loop.time()}

    result, _ = run(loop, made(main()))
    expect_equal(result, {"started at": 0.0, "finished at": 1.75},
                 what="run_until_complete(main()) (main sleeps 0.5 s, then 1.25 s)",
                 hint="The clock starts at 0.0; run_until_complete returns what the coroutine returned "
                 "(StopIteration.value).")
    expect_equal(loop.time(), 1.75, what="loop.time() after main slept 0.5 s and 1.25 s")


def test_sleepers_wake_at_their_wake_up_times(exercise, loop):
    started, woke = [], []

    async def sleeper(name, delay):
        started.append((name, loop.time()))
        await exercise.Sleep(delay)
        woke.append((name, loop.time()))

    async def main():
        for name, delay in [("three", 3), ("one", 1), ("two", 2)]:
            loop.create_task(made(sleeper(name, delay)))
        await exercise.Sleep(0)  # the sleepers go to sleep first
        await exercise.Sleep(4)
        return "main done"

    result, _ = run(loop, made(main()))
    evidence = [f"Tasks sleeping 3, 1 and 2 s (created in that order by main, which then slept 4 s) "
                f"started as {started!r} and woke as {woke!r}."]
    if len(started) < 3:
        fail("The tasks that main created did not all run before main finished: run_until_complete should run "
             "every ready task, not only main.", *evidence,
             hint="create_task puts the task on the ready queue; each turn of the loop runs the next ready task.")
    if any(when != 0 for _, when in started):
        fail("TinyLoop moved the clock while tasks were still ready to run: tasks created at 0.0 started later.",
             *evidence, hint="Jump the clock only when the ready queue is empty.")
    expected = [("one", 1.0), ("two", 2.0), ("three", 3.0)]
    names = [name for name, _ in woke]
    if sorted(names) == sorted(n for n, _ in expected) and names != [n for n, _ in expected]:
        fail("TinyLoop woke the sleepers out of order: the one due first should wake first.", *evidence,
             hint="Keep the sleepers in a heap ordered by wake-up time (heapq.heappush / heappop).")
    expect_equal(woke, expected, what="the (task, wake-up time) log", evidence=evidence,
                 hint="A task that sleeps d seconds wakes at time() + d; when nothing is ready, jump the "
                 "clock to the earliest wake-up time.")
    expect_equal(result, "main done", what="run_until_complete(main())")


def test_same_time_sleepers_wake_in_the_order_they_slept(exercise, loop):
    slept, woke = [], []

    async def sleeper(name, delays):
        for delay in delays[:-1]:
            await exercise.Sleep(delay)
        slept.append(name)
        await exercise.Sleep(delays[-1])
        woke.append((name, loop.time()))

    async def main():
        # Everyone is due at 2.0. They are created z, y, x, t0..t9, but go to sleep for the last time
        # in a different order: x and t0..t9 at 0.0, y at 1.0, z at 1.5.
        plans = [("z", [1.5, 0.5]), ("y", [1, 1]), ("x", [2])] + [(f"t{i}", [2]) for i in range(10)]
        for name, delays in plans:
            loop.create_task(made(sleeper(name, delays)))
        await exercise.Sleep(0)  # the others go to sleep first
        await exercise.Sleep(3)

    run(loop, made(main()))
    names = [name for name, _ in woke]
    evidence = [f"Went to sleep: {slept}", f"Woke up:        {names}"]
    if len(woke) < 13:
        fail(f"Only {len(woke)} of 13 tasks due at 2.0 had woken up when main finished at 3.0.", *evidence,
             hint="Run every ready task, and wake sleepers by their wake-up time (a heap).")
    if sorted(names) == sorted(slept) and names != slept:
        fail("Sleepers due at the same time woke in a different order than they went to sleep.", *evidence,
             hint="Break ties with a counter: push (wake_time, next(counter), task), counter = itertools.count().")
    expect_equal(woke, [(name, 2.0) for name in slept],
                 what="the (task, wake-up time) log of 13 tasks all due at 2.0", evidence=evidence)


def test_exception_comes_out_of_run_until_complete(exercise, loop):
    boom = Boom("the main coroutine failed")

    async def main():
        await exercise.Sleep(1)
        raise boom

    expect_raises_boom(lambda: run(loop, made(main()))[0], boom, what="run_until_complete(main())")


def test_awaiting_a_failed_task_raises_its_exception(exercise, loop):
    boom = Boom("the task failed")

    async def failing():
        await exercise.Sleep(1)
        raise boom

    async def main():
        task = loop.create_task(made(failing()))
        try:
            await task
        except Boom as error:
            return "caught", str(error), loop.time(), task
        return "nothing raised", None, loop.time(), task

    try:
        outcome, message, when, task = run(loop, made(main()))[0]
    except Boom:
        outcome = None
    if outcome is None:
        fail("The task's exception came out of run_until_complete instead of being raised at `await task` "
             "inside the coroutine that awaited it.",
             hint="A failing task keeps its exception; the awaiting task gets it when `await task` calls result().")
    expect_equal((outcome, message, when), ("caught", "the task failed", 1.0),
                 what="main (awaits a task that raises Boom at 1.0 s)", mistakes=[
                     (("nothing raised", None, 1.0), "TinyLoop lost the exception: `await task` on a task that "
                      "raised returned normally instead of raising the task's exception."),
                 ], hint="Task.__await__ should end with `return self.result()`, and result() raises the "
                 "stored exception.")
    expect_raises_boom(task.result, boom, what="task.result() of the failed task")


def test_await_gives_the_result_of_a_running_task(exercise, loop):
    async def compute(value, delay):
        await exercise.Sleep(delay)
        return value

    async def main():
        task = loop.create_task(made(compute({"answer": 42}, 2)))
        value = await task
        return value, loop.time()

    result, _ = run(loop, made(main()))
    expect_equal(result, ({"answer": 42}, 2.0), what="main (awaits a task returning {'answer': 42} at 2.0 s)",
                 mistakes=[((None, 2.0), "Awaiting a task gave None instead of the task's result.")],
                 hint="Task.__await__: yield the task to the loop while it runs, then `return self.result()`.")


def test_await_gives_the_result_of_a_finished_task(exercise, loop):
    async def compute(value, delay):
        await exercise.Sleep(delay)
        return value

    async def main():
        quick = loop.create_task(made(compute([1, 2, 3], 1)))
        await exercise.Sleep(2)
        done = quick.done()
        first = await quick
        second = await quick
        return done, first, second, loop.time()

    result, _ = run(loop, made(main()), stuck_hint="Awaiting a task that is already done should give its result "
                    "at once: nothing will ever finish it again.")
    if result[0] is False:
        fail("A task due to finish at 1.0 s was not done when main woke up at 2.0 s.",
             hint="Wake sleepers in order of their wake-up time (a heap), and run every ready task.")
    expect_equal(result, (True, [1, 2, 3], [1, 2, 3], 2.0),
                 what="main (awaits, twice, a task that finished at 1.0 s, at 2.0 s)", mistakes=[
                     ((True, None, None, 2.0), "Awaiting a task that is already done gave None instead of the "
                      "task's result."),
                 ], hint="In Task.__await__, yield only while the task is not done; then return self.result().")


def test_every_task_awaiting_a_task_gets_its_result(exercise, loop):
    got = []

    async def compute():
        await exercise.Sleep(2)
        return "shared"

    async def waiter(name, task):
        got.append((name, await task, loop.time()))

    async def main():
        task = loop.create_task(made(compute()))
        for name in ["first", "second", "third"]:
            loop.create_task(made(waiter(name, task)))
        await exercise.Sleep(3)
        return "main done"

    run(loop, made(main()))
    expected = [("first", "shared", 2.0), ("second", "shared", 2.0), ("third", "shared", 2.0)]
    if len(got) < 3:
        woken = ", ".join(name for name, _, _ in got) or "none of them"
        fail(f"Three tasks awaited one task, but only {len(got)} got its result ({woken}): a task must wake every "
             "task that awaits it, not only one.", f"What the waiters got: {got!r}",
             hint="Keep a list of waiters in each task; when it finishes, put every one of them on the ready queue.")
    expect_equal(sorted(got), expected, what="what three tasks awaiting the same task (it returns 'shared' at 2.0 s) "
                 "got, and when")


def test_awaiting_a_task_that_already_failed_raises(exercise, loop):
    boom = Boom("the task failed early")

    async def failing():
        await exercise.Sleep(1)
        raise boom

    async def main():
        task = loop.create_task(made(failing()))
        await exercise.Sleep(2)
        try:
            value = await task
        except Boom as error:
            return "caught", error is boom
        return "nothing raised", value

    outcome = run(loop, made(main()))[0]
    if outcome[0] == "nothing raised":
        fail("TinyLoop lost the exception of a task awaiting a task that had already failed: `await task` at 2.0 s, "
             f"on a task that raised Boom at 1.0 s, gave {outcome[1]!r} instead of raising Boom.",
             hint="Task.__await__ ends with `return self.result()` whether or not it had to wait: result() raises "
                  "the stored exception.")
    expect_equal(outcome, ("caught", True), what="main (awaits, at 2.0 s, a task that raised Boom at 1.0 s)")


def test_task_done_and_result(exercise, loop):
    async def compute():
        await exercise.Sleep(1)
        return "computed"

    task = loop.create_task(made(compute()))
    expect_equal(task.done(), False, what="task.done() before the loop ran")
    try:
        early = task.result()
    except (NotImplementedError, pytest.fail.Exception):
        raise
    except Exception:  # any exception will do
        pass
    else:
        fail(f"task.result() of a task that has not finished returned {early!r}; it should raise an exception.")

    async def main():
        await exercise.Sleep(2)  # the task, created before run_until_complete, runs meanwhile
        return "main"

    run(loop, made(main()))
    expect_equal(task.done(), True, what="task.done() after the loop ran past the task's end",
                 hint="run_until_complete runs every ready task, also those created before it was called.")
    expect_equal(task.result(), "computed", what="task.result() of the finished task")


def test_a_zero_sleep_lets_the_ready_tasks_run_first(exercise, loop):
    log = []

    async def worker(name):
        for step in range(3):
            log.append(f"{name}{step}")
            await exercise.Sleep(0)

    async def main():
        loop.create_task(made(worker("a")))
        loop.create_task(made(worker("b")))
        await exercise.Sleep(1)

    run(loop, made(main()))
    expected = ["a0", "b0", "a1", "b1", "a2", "b2"]
    if log == ["a0", "a1", "a2", "b0", "b1", "b2"]:
        fail("A zero sleep did not let the other ready tasks run: after `await Sleep(0)`, task a ran again at once, "
             "before task b, which was ready all along.", f"The steps, in the order they ran: {log}",
             hint="A delay of 0 (or less) means due now, but after the tasks already ready: put the task at the "
                  "back of the ready queue, or in the heap at time() like any other sleeper.")
    expect_equal(log, expected, what="the steps of tasks a and b (each logs a step, then awaits Sleep(0), 3 times)",
                 verb="were")


def test_the_clock_never_goes_back(exercise, loop):
    stamps = []

    async def worker(name, delays):
        for delay in delays:
            stamps.append((name, loop.time()))
            await exercise.Sleep(delay)
        stamps.append((name, loop.time()))

    plans = {"a": [0, 1, 0.5], "b": [2], "c": [0, -1, 0.25, 2]}

    async def main():
        for name, delays in plans.items():
            loop.create_task(made(worker(name, delays)))
        await exercise.Sleep(5)

    run(loop, made(main()))
    times = [t for _, t in stamps]
    for (_, before), (_, after) in itertools.pairwise(stamps):
        if after < before:
            fail(f"TinyLoop's clock went back, from {before!r} to {after!r}.", f"Clock readings: {stamps}",
                 hint="When a sleeper is due earlier than now (a delay of 0 or less), wake it without moving the "
                 "clock: time = max(time, wake_time).")
    by_name = {name: [t for n, t in stamps if n == name] for name in plans}
    expect_equal(by_name, {"a": [0.0, 0.0, 1.0, 1.5], "b": [0.0, 2.0], "c": [0.0, 0.0, 0.0, 0.25, 2.25]},
                 what="the clock readings of each task (a sleeps 0, 1, 0.5; b 2; c 0, -1, 0.25, 2)",
                 evidence=[f"All readings in order: {times}"],
                 hint="A delay of 0 or less means: due now, after the tasks already ready.")

    async def again():
        await exercise.Sleep(1)
        return loop.time()

    later, _ = run(loop, made(again()))
    expect_equal(later, 6.0, what="a second run_until_complete on the same loop (sleeps 1 s, from 5.0)",
                 mistakes=[(1.0, "TinyLoop's clock started over at 0 for the second run_until_complete: the "
                            "clock belongs to the loop and never goes back.")])


def test_a_thousand_seconds_take_no_real_time(exercise, loop):
    async def worker():
        for _ in range(20):
            await exercise.Sleep(1)

    async def main():
        for _ in range(49):
            loop.create_task(made(worker()))
        await worker()  # 50 tasks sleeping 20 x 1 s each: 1000 s of sleeping, 20 s on the clock
        await exercise.Sleep(980)
        return loop.time()

    result, wall = run(loop, made(main()), what="run_until_complete (1000 s of sleeping)",
                       stuck_hint="TinyLoop may not wait in real time: jump the clock instead.")
    if wall > WALL_BOUND:
        fail(f"TinyLoop let real time pass: 1000 s of simulated sleeping took {wall:.2f} s of real time; a "
             "simulated clock takes milliseconds.",
             hint="When nothing is ready, set the clock to the earliest wake-up time instead of waiting for it.")
    expect_equal(result, 1000.0, what="loop.time() at the end of 20 x 1 s, then 980 s of sleeping")


def test_tinyloop_does_not_use_asyncio(exercise, loop, monkeypatch):
    source = Path(exercise.__file__).read_text()
    for node in ast.walk(ast.parse(source)):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                 [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(name == "asyncio" or name.startswith("asyncio.") for name in names):
            fail(f"TinyLoop must work without asyncio, but the file imports it (line {node.lineno}).",
                 hint="This loop replaces asyncio's: heapq, collections.deque and itertools are all it needs.")

    used = []

    def forbidden(name):
        def refuse(*args, **kwargs):
            used.append(name)
            raise RuntimeError(f"TinyLoop may not use asyncio ({name})")
        return refuse

    for owner, name in [(asyncio, "new_event_loop"), (asyncio, "get_event_loop"), (asyncio, "run"),
                        (asyncio, "sleep"), (asyncio.events, "new_event_loop"), (asyncio.events, "get_event_loop")]:
        monkeypatch.setattr(owner, name, forbidden(f"asyncio.{name}"))
    monkeypatch.setattr(asyncio.base_events.BaseEventLoop, "__init__", forbidden("an asyncio event loop"))

    async def main():
        await exercise.Sleep(1)
        return loop.time()

    try:
        run(loop, made(main()))
    except Exception:  # `used` says whether asyncio was the cause
        if not used:
            raise
    if used:
        fail(f"TinyLoop used asyncio while it ran: {', '.join(sorted(set(used)))}.",
             hint="TinyLoop is the event loop: it runs the coroutines itself, with send(None).")
