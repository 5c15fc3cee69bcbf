"""with_timeout: fetch_or_default returns the result in time, else the default at the deadline."""
import asyncio

from grader.harness import (
    Jobs,
    awaited_a_non_awaitable,
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    outcome_of,
    plugin_explains,
    raised_holding,
    raising_frame,
    stop_tasks,
    timed,
)

CATCH_HINT = ("Let asyncio.wait_for (or `async with asyncio.timeout(...)`) cancel the operation, and catch "
              "only the TimeoutError it raises.")


def timeline(jobs, title="The operation (loop seconds):"):
    return jobs.timeline(title) if jobs.runs else "make was never called."


def refused_the_maker(error, make):
    """The TypeError is asyncio, or an `await`, refusing the maker itself where a coroutine belongs:
    the frame that raised holds the maker, and the maker was never called."""
    frame = raising_frame(error)
    refused = awaited_a_non_awaitable(error) or (
        frame is not None and frame.f_globals.get("__name__", "").startswith("asyncio"))
    return not make.runs and refused and raised_holding(error, make)


def call(value, delay, timeout, default, extra=""):
    return (f"fetch_or_default(<operation returning {value!r} after {delay:g} s{extra}>, "
            f"timeout={timeout:g}, default={default!r})")


async def fetch(exercise, jobs, make, timeout, default):
    """Time fetch_or_default(make, timeout, default), naming the mistake if it raises."""
    expect_async_def(exercise.fetch_or_default, "fetch_or_default")
    try:
        return await timed(exercise.fetch_or_default(make, timeout, default))
    except TimeoutError:
        problem = "timeout"
    except TypeError as error:
        if not refused_the_maker(error, make):
            raise
        problem = f"TypeError: {error}"
    evidence = timeline(jobs)
    jobs.clean_up()  # so that no "never awaited" complaint hides the diagnosis
    if problem == "timeout":
        fail("fetch_or_default raised TimeoutError at the deadline instead of returning the default.",
             evidence, hint="The TimeoutError comes out of asyncio.wait_for, or out of the whole `async with "
             "asyncio.timeout(...)` block (inside the block you only see a CancelledError): catch it there.")
    fail("fetch_or_default used the maker itself where its coroutine belongs: call make() to get the "
         "coroutine to await.", problem, hint="make is a function; make() returns the coroutine.")


def expect_made_once(jobs):
    if len(jobs.runs) != 1:
        fail(f"fetch_or_default called make {len(jobs.runs)} times; call it exactly once (every call starts "
             "a new operation).", timeline(jobs))


async def test_returns_the_result_when_it_arrives_in_time(exercise):
    # Falsy results too: None, 0 or "" that arrive in time are results like any other.
    for delay, timeout, value, default in [(1.0, 3.0, "fresh page", "offline"), (0.25, 0.5, 42, -1),
                                           (0.5, 1.0, None, "offline"), (0.5, 2.0, 0, -1)]:
        jobs = Jobs()
        result, elapsed = await fetch(exercise, jobs, jobs.maker(delay, value), timeout, default)
        what = call(value, delay, timeout, default)
        expect_made_once(jobs)
        in_time = "fetch_or_default returned the default although the result arrived in time"
        expect_equal(result, value, what=what, evidence=[timeline(jobs)], mistakes=[
            (default, f"{in_time}." if value else f"{in_time}: {value!r} is a result, not a sign of a timeout.")],
            hint=None if value else "Return the default only in the `except TimeoutError:` branch, whatever the "
                                    "result is.")
        expect_duration(elapsed, delay, what=what, evidence=[timeline(jobs)], mistakes={
            timeout: "fetch_or_default waited for the whole timeout although the result arrived in time."},
            hint="Return as soon as the result is there: wait_for does that.")


async def test_returns_the_default_at_the_deadline(exercise):
    for delay, timeout, value, default in [(10, 2.5, "too late", "offline"), (3, 0.75, 7, 0)]:
        jobs = Jobs()
        result, elapsed = await fetch(exercise, jobs, jobs.maker(delay, value), timeout, default)
        what = call(value, delay, timeout, default)
        slow = "fetch_or_default waited for the slow operation to finish instead of giving up at the deadline."
        expect_made_once(jobs)
        expect_equal(result, default, what=what, evidence=[timeline(jobs)], mistakes=[(value, slow)],
                     hint=CATCH_HINT)
        expect_duration(elapsed, timeout, what=what, evidence=[timeline(jobs)], mistakes={delay: slow},
                        hint=CATCH_HINT)


LEFT_BEHIND = {
    "cleaning up": "fetch_or_default returned at the deadline while the cancelled operation was still cleaning "
                 "up: wait until it has finished unwinding.",
    "cancel pending": "fetch_or_default cancelled the operation but returned before it had finished unwinding: "
                      "its clean-up (finally) had not run yet.",
    "running": "fetch_or_default left the operation running after the deadline: it must cancel it.",
}
LEFT_BEHIND_HINT = {
    "cleaning up": "After task.cancel(), wait until the task has ended (await asyncio.wait([task])): its "
                 "clean-up may take time. asyncio.wait_for does that for you.",
    "cancel pending": "task.cancel() only asks a task to stop. Wait for it to end too "
                      "(await asyncio.wait([task])), or let asyncio.wait_for do both.",
    "running": "asyncio.wait(..., timeout=...) only stops waiting; the task goes on. " + CATCH_HINT,
}


async def test_the_slow_operation_is_cancelled_at_the_deadline(exercise):
    jobs = Jobs()
    await fetch(exercise, jobs, jobs.maker(10, "too late"), 1.5, "offline")
    expect_made_once(jobs)
    evidence = timeline(jobs, "The operation when fetch_or_default returned (loop seconds):")
    state = (await jobs.left_behind()).fate(jobs.runs[0])
    if state != "finished":
        jobs.clean_up()
        fail(LEFT_BEHIND.get(state, LEFT_BEHIND["running"]), evidence, hint=LEFT_BEHIND_HINT.get(state, CATCH_HINT))
    await expect_no_tasks_left("fetch_or_default")


async def test_waits_for_the_cancelled_operation_to_clean_up(exercise):
    jobs = Jobs()
    # A long clean-up: code that gives up waiting for it after a while of its own returns too early.
    make = jobs.maker(10, "too late", cleanup=5.0)
    result, elapsed = await fetch(exercise, jobs, make, 2.0, "offline")
    expect_made_once(jobs)
    what = call("too late", 10, 2.0, "offline", extra=", cleaning up for 5 s when cancelled")
    slow = "fetch_or_default waited for the slow operation to finish instead of giving up at the deadline."
    evidence = [timeline(jobs, "The operation when fetch_or_default returned (loop seconds):")]
    state = (await jobs.left_behind()).fate(jobs.runs[0])
    jobs.clean_up()
    expect_equal(result, "offline", what=what, evidence=evidence, mistakes=[("too late", slow)])
    if state in LEFT_BEHIND:
        fail(LEFT_BEHIND[state], *evidence, hint=LEFT_BEHIND_HINT[state])
    expect_duration(elapsed, 7.0, what=what, evidence=evidence, mistakes={10.0: slow}, hint=CATCH_HINT)


async def test_other_exceptions_propagate(exercise):
    for error in (ValueError("bad reply"), ConnectionResetError("peer hung up")):
        jobs = Jobs()
        what = f"fetch_or_default(<operation raising {error!r} after 0.5 s>, timeout=2, default='offline')"
        start = asyncio.get_running_loop().time()
        raised = None
        try:
            result, elapsed = await fetch(exercise, jobs, jobs.maker(0.5, error=error), 2.0, "offline")
        except Exception as caught:
            if plugin_explains(caught):
                raise
            raised = caught
        if raised is None:
            fail(f"fetch_or_default swallowed an exception of the operation: {error!r} must propagate, not "
                 "turn into the default.", f"{what} returned {result!r} after {elapsed:g} s.", timeline(jobs),
                 hint="Catch only TimeoutError. `except Exception:` catches every error of the operation too.")
        if raised is not error:
            fail(f"{what} raised {raised!r}; the operation's own {error!r} must propagate unchanged.",
                 timeline(jobs))
        expect_duration(asyncio.get_running_loop().time() - start, 0.5, what=what, evidence=[timeline(jobs)])


async def test_a_cancelled_caller_is_cancelled(exercise):
    expect_async_def(exercise.fetch_or_default, "fetch_or_default")
    jobs = Jobs()
    ending = await outcome_of(exercise.fetch_or_default(jobs.maker(10, "too late"), 5.0, "offline"),
                              cancel_at=1.0, wait=20)
    what = "fetch_or_default(<10 s operation>, timeout=5, default='offline')"
    evidence = [f"Its caller cancelled it at 1.0 s; {ending.describe('it')}", timeline(jobs)]
    if not ending.cancelled:
        await stop_tasks([ending.task])
        jobs.clean_up()
        if ending.state == "raised":
            fail(f"{what} raised {ending.error!r} when its caller cancelled it; it must let the "
                 "CancelledError through.", *evidence, hint=CATCH_HINT)
        fail("fetch_or_default swallowed the cancellation of its caller: when the code awaiting it was "
             "cancelled, it did not end cancelled.", *evidence,
             hint="Catch only TimeoutError: a bare `except:`, `except BaseException:` or `except "
                  "CancelledError:` also catches the cancellation of your own caller.")
    expect_duration(ending.elapsed, 1.0, what=f"{what}, cancelled by its caller at 1.0 s,", evidence=evidence)
    if jobs.unfinished():
        jobs.clean_up()
        fail("fetch_or_default left the operation running after its caller cancelled it.", *evidence,
             hint="When you are cancelled, cancel what you started. asyncio.wait_for and asyncio.timeout do it "
                  "for you; with a task of your own, cancel it in an `except CancelledError:` and re-raise.")
    await expect_no_tasks_left("fetch_or_default")
