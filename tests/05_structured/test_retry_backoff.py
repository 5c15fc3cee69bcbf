"""retry_backoff: up to `attempts` calls, waits doubling from base_delay, the last failure re-raised."""
import pytest

from grader.harness import (
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_times,
    fail,
    outcome_of,
    seconds,
    stop_tasks,
)

NAME = "retry"
CALLS = "The make() calls (loop seconds):"
SCHEDULE_HINT = ("After failure k (k = 1, 2, ...), `await asyncio.sleep(base_delay * 2 ** (k - 1))`, then call "
                 "make() again; after the last failure, raise at once.")


def flaky(jobs, *outcomes, duration=0.0):
    """A make() for retry whose call i does outcomes[i] after `duration` seconds: an exception is raised,
    anything else returned. Calls beyond the plan raise an error saying so."""
    def make():
        number = len(jobs.runs) + 1
        outcome = (outcomes[number - 1] if number <= len(outcomes)
                   else RuntimeError(f"call {number}: more calls than the test planned"))
        error = outcome if isinstance(outcome, BaseException) else None
        label = f"call {number}: {f'raises {outcome!r}' if error else f'returns {outcome!r}'}"
        return jobs.coro(duration, None if error else outcome, error=error, label=label)
    return make


async def run(exercise, jobs, make, **options):
    """retry(make, **options): its outcome and the timeline of the make() calls."""
    expect_async_def(exercise.retry, NAME)
    outcome, evidence, _ = await jobs.outcome_of(exercise.retry(make, **options), title=CALLS)
    return outcome, evidence


def expect_calls(jobs, expected, evidence, *, options):
    count = len(jobs.runs)
    if count == expected:
        return
    shown = f"retry({options}) called make() {count} time(s); expected {expected}."
    if count == 1:
        fail(f"{NAME} called make() only once: call make() again for every attempt.", shown, evidence,
             hint="A coroutine can be awaited only once: `await make()` inside the loop makes a fresh one each time.")
    if count > expected:
        fail(f"{NAME} made the wrong number of calls: {count} calls of make(), more than attempts allows.", shown,
             evidence, hint="attempts counts every call, the first one included.")
    fail(f"{NAME} made the wrong number of calls: it gave up after {count} calls of make().", shown, evidence,
         hint="attempts counts every call, the first one included.")


def expect_first_call_at_once(jobs, evidence):
    if jobs.runs and jobs.runs[0].start > 0.001:
        fail(f"{NAME} waited {seconds(jobs.runs[0].start)} before its first call: call make() at once, and wait "
             "only after a failure.", evidence, hint=SCHEDULE_HINT)


def expect_value(outcome, expected, evidence):
    if outcome.raised:
        fail(f"{NAME} raised {outcome.error!r}, although a later attempt would have succeeded.", evidence,
             hint=SCHEDULE_HINT)
    expect_equal(outcome.value, expected, what=NAME, evidence=[evidence])


def waits(jobs):
    """How long retry waited after each failure before the next call."""
    return [after.start - before.end for before, after in zip(jobs.runs, jobs.runs[1:])]


async def test_a_success_is_returned_at_once(exercise):
    jobs = Jobs()
    outcome, evidence = await run(exercise, jobs, flaky(jobs, "ok", duration=0.5))
    expect_value(outcome, "ok", evidence)
    expect_calls(jobs, 1, evidence, options="make")
    expect_first_call_at_once(jobs, evidence)
    expect_duration(outcome.elapsed, 0.5, what=f"{NAME} of a make() that succeeds after 0.5 s", evidence=[evidence])


async def test_waits_double_after_each_failure(exercise):
    jobs = Jobs()
    make = flaky(jobs, ValueError("call 1 failed"), ValueError("call 2 failed"), ValueError("call 3 failed"), "done")
    outcome, evidence = await run(exercise, jobs, make, attempts=4, base_delay=0.1)
    expect_calls(jobs, 4, evidence, options="make, attempts=4, base_delay=0.1")
    expect_first_call_at_once(jobs, evidence)
    starts = [run.start for run in jobs.runs]
    expect_times(starts, [0.0, 0.1, 0.3, 0.7], what="the moments make() was called", evidence=[evidence],
                 hint=SCHEDULE_HINT, mistakes=[
                     ([0.0, 0.0, 0.0, 0.0], f"{NAME} retried at once: no delay between attempts."),
                     ([0.0, 0.1, 0.2, 0.3], f"{NAME} waited a constant delay (0.1 s every time); the wait must double "
                                            "after each failure: 0.1 s, 0.2 s, 0.4 s."),
                     ([0.0, 0.1, 0.3, 0.6], f"{NAME}'s waits grew linearly (0.1 s, 0.2 s, 0.3 s); they must double "
                                            "after each failure: 0.1 s, 0.2 s, 0.4 s."),
                     ([0.0, 0.2, 0.6, 1.4], f"{NAME}'s first wait was 0.2 s, not base_delay: after failure k it must "
                                            "wait base_delay * 2 ** (k - 1), so the first wait is base_delay itself."),
                 ])
    expect_value(outcome, "done", evidence)


async def test_base_delay_sets_the_waits(exercise):
    jobs = Jobs()
    make = flaky(jobs, OSError("call 1 failed"), OSError("call 2 failed"), OSError("call 3 failed"), "fine",
                 duration=0.05)
    outcome, evidence = await run(exercise, jobs, make, attempts=4, base_delay=0.25)
    expect_calls(jobs, 4, evidence, options="make, attempts=4, base_delay=0.25")
    expect_first_call_at_once(jobs, evidence)
    expect_times(waits(jobs), [0.25, 0.5, 1.0], what="the waits between a failure and the next call",
                 evidence=[evidence], hint=SCHEDULE_HINT, mistakes=[
                     ([0.1, 0.2, 0.4], f"{NAME} ignored base_delay=0.25: it waited 0.1 s, 0.2 s, 0.4 s, as if "
                                       "base_delay were always 0.1."),
                     ([0.0, 0.0, 0.0], f"{NAME} retried at once: no delay between attempts."),
                     ([0.25, 0.25, 0.25], f"{NAME} waited a constant delay (base_delay every time); the wait must "
                                          "double after each failure."),
                     ([0.25, 0.5, 0.75], f"{NAME}'s waits grew linearly; they must double after each failure."),
                     ([0.5, 1.0, 2.0], f"{NAME}'s first wait was 2 * base_delay: after failure k it must wait "
                                       "base_delay * 2 ** (k - 1), so the first wait is base_delay itself."),
                 ])
    expect_value(outcome, "fine", evidence)


@pytest.mark.parametrize("attempts", [1, 2, 5])
async def test_calls_make_attempts_times_at_most(exercise, attempts):
    jobs = Jobs()
    make = flaky(jobs, *(ValueError(f"call {n} failed") for n in range(1, attempts + 2)))
    outcome, evidence = await run(exercise, jobs, make, attempts=attempts, base_delay=0.01)
    expect_calls(jobs, attempts, evidence, options=f"make, attempts={attempts}, base_delay=0.01")
    if not outcome.raised:
        fail(f"{NAME} swallowed the last exception: every attempt failed, but it returned {outcome.value!r}.",
             evidence, hint="After the last failure, re-raise that exception: a bare `raise` in the except block.")


async def test_reraises_the_last_exception(exercise):
    jobs = Jobs()
    errors = [ValueError("first"), KeyError("second"), OSError("third")]
    outcome, evidence = await run(exercise, jobs, flaky(jobs, *errors))
    expect_calls(jobs, 3, evidence, options="make (attempts=3 by default)")
    hint = "After the last failure, re-raise that exception unchanged: a bare `raise` in the except block."
    if not outcome.raised:
        fail(f"{NAME} swallowed the last exception: every attempt failed, but it returned {outcome.value!r}.",
             evidence, hint=hint)
    error = outcome.error
    if error is errors[0]:
        fail(f"{NAME} re-raised the first exception, {error!r}; it must re-raise the last one, {errors[-1]!r}.",
             evidence, hint=hint)
    if error is not errors[-1]:
        fail(f"{NAME} raised {error!r} instead of the last exception itself, {errors[-1]!r}.", evidence, hint=hint)


async def test_no_wait_after_the_last_failure(exercise):
    jobs = Jobs()
    make = flaky(jobs, ValueError("call 1 failed"), ValueError("call 2 failed"), ValueError("call 3 failed"))
    outcome, evidence = await run(exercise, jobs, make)
    expect_calls(jobs, 3, evidence, options="make (attempts=3 and base_delay=0.1 by default)")
    expect_times([run.start for run in jobs.runs], [0.0, 0.1, 0.3], what="the moments make() was called",
                 evidence=[evidence], hint=SCHEDULE_HINT)
    expect_duration(outcome.elapsed, 0.3, what=f"{NAME}(make) when every attempt fails", evidence=[evidence],
                    mistakes={0.7: f"{NAME} slept after the last failure: once the last attempt has failed there is "
                                   "nothing to wait for; raise at once."}, hint=SCHEDULE_HINT)


async def test_a_cancellation_is_never_retried(exercise):
    jobs = Jobs()
    expect_async_def(exercise.retry, NAME)
    outcome = await outcome_of(exercise.retry(flaky(jobs, "late", "late", "late", duration=1.0)), cancel_at=0.5,
                               wait=10)
    await stop_tasks()
    evidence = jobs.timeline("The make() calls (loop seconds; retry was cancelled at 0.5 s):")
    hint = ("CancelledError is a BaseException, not an Exception: `except Exception:` lets it through. Never "
            "catch BaseException (or a bare `except:`) around the call.")
    if len(jobs.runs) > 1:
        fail(f"{NAME} retried a cancellation: it was cancelled at 0.5 s, during its first call, but it caught the "
             f"CancelledError and called make() {len(jobs.runs)} times in all.", evidence, hint=hint)
    if not outcome.cancelled:
        fail(f"{NAME} swallowed the cancellation: it was cancelled at 0.5 s, but it did not end cancelled.",
             outcome.describe(NAME), evidence, hint=hint)
    expect_duration(outcome.elapsed, 0.5, what=f"{NAME}, cancelled at 0.5 s,", evidence=[evidence], hint=hint)
