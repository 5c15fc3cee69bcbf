"""run_sync: a plain function that runs a coroutine on a fresh event loop and returns its result."""
import asyncio
import inspect
import traceback

import pytest

from grader.harness import expect_equal, fail

# These tests are plain `def`s (no event loop is running), so they sleep for real: keep it tiny.
NAP = 0.01


class OutOfMelons(Exception):
    """An error only these tests raise."""


async def add(a, b, *, c=0):
    await asyncio.sleep(NAP)
    return a + b + c


async def run_out_of_melons():
    await asyncio.sleep(NAP)
    raise OutOfMelons("no melons today")


async def which_loop():
    await asyncio.sleep(NAP)
    return asyncio.get_running_loop()


async def run_out_of_melons_on(loops):
    """Notes the loop it runs on, then raises: was that loop closed all the same?"""
    loops.append(asyncio.get_running_loop())
    await run_out_of_melons()


REUSED = "run_sync reused the same event loop for a second call; each call should make a fresh one."
REUSED_HINT = "Make the loop inside run_sync (asyncio.run does), not once for the whole module."


def expect_plain_function(exercise):
    if inspect.iscoroutinefunction(exercise.run_sync):
        fail("run_sync must be a plain function (def), not async def: ordinary code cannot await it.",
             hint="Inside a plain def, start an event loop that runs the coroutine to the end.")


def close_unstarted_coroutines(error):
    """A closed loop refuses a coroutine before starting it; close it so that the diagnosis is ours."""
    for frame, _ in traceback.walk_tb(error.__traceback__):
        for value in frame.f_locals.values():
            if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == inspect.CORO_CREATED:
                value.close()


def refused_as_closed(error):
    """The RuntimeError of a closed event loop asked to run something (its _check_closed refused)."""
    return any(frame.name == "_check_closed" for frame in traceback.extract_tb(error.__traceback__))


def call_run_sync(exercise, coro_fn, *args, **kwargs):
    """run_sync(coro_fn, ...) from plain code; a loop closed by an earlier call means it was reused."""
    expect_plain_function(exercise)
    try:
        return exercise.run_sync(coro_fn, *args, **kwargs)
    except RuntimeError as error:
        if isinstance(error, NotImplementedError) or not refused_as_closed(error):
            raise
        close_unstarted_coroutines(error)
        reason = f"It ran on a loop that an earlier call had closed: RuntimeError: {error}"
    fail(REUSED, reason, hint=REUSED_HINT)


def test_returns_the_result(exercise):
    result = call_run_sync(exercise, add, 1, 2, c=3)
    expect_equal(result, 6, what="run_sync(add, 1, 2, c=3)", mistakes=[
        (3, "run_sync dropped the keyword arguments: pass **kwargs on to coro_fn."),
    ])


def test_exceptions_come_through_unchanged(exercise):
    try:
        result = call_run_sync(exercise, run_out_of_melons)
    except OutOfMelons as error:
        if str(error) != "no melons today":
            fail(f"run_sync changed the exception's message to {str(error)!r}; expected 'no melons today'.")
        return
    except NotImplementedError:
        raise
    except Exception as error:  # the wrong exception is the diagnosis
        raised = error
    else:
        fail(f"run_sync swallowed the exception: it returned {result!r} instead of raising "
             "OutOfMelons('no melons today').",
             hint="Do not catch exceptions in run_sync: whatever the coroutine raises should reach the caller.")
    fail(f"run_sync raised {type(raised).__name__}({str(raised)!r}) instead of letting the coroutine's "
         "OutOfMelons('no melons today') through unchanged.",
         hint="Do not catch and re-wrap exceptions in run_sync: the caller should see the original one.")


def test_closes_the_loop(exercise):
    loop = call_run_sync(exercise, which_loop)
    if not isinstance(loop, asyncio.AbstractEventLoop):
        fail(f"run_sync(coro_fn) returned {loop!r}, not the result of coro_fn.")
    if not loop.is_closed():
        fail("run_sync left the event loop open after the coroutine finished.",
             "An open loop keeps its resources; close it before returning.",
             hint="asyncio.run closes its loop for you; with new_event_loop, call loop.close() in a finally block.")


def test_closes_the_loop_when_the_coroutine_raises(exercise):
    loops = []
    try:
        call_run_sync(exercise, run_out_of_melons_on, loops)
    except OutOfMelons:
        pass  # whether it comes through unchanged is another test's business
    if not loops:
        fail("run_sync did not run the coroutine: it never started.")
    if not loops[0].is_closed():
        loops[0].close()
        fail("run_sync left the event loop open when the coroutine raised: loop.close() was skipped.",
             "The coroutine raised OutOfMelons, and the loop it ran on was still open afterwards.",
             hint="Close the loop in a finally block, so that it is closed however the coroutine ends: "
                  "try: return loop.run_until_complete(...) finally: loop.close(). asyncio.run does it for you.")


def test_fresh_loop_for_each_call(exercise):
    first = call_run_sync(exercise, which_loop)
    second = call_run_sync(exercise, which_loop)
    if second is first:
        fail(REUSED, "Both calls ran on the same loop object.", hint=REUSED_HINT)


@pytest.mark.allow_unawaited  # the contract lets run_sync create the coroutine before refusing
async def test_refuses_inside_a_running_loop(exercise):
    expect_plain_function(exercise)
    ran = []

    async def note_that_it_ran():
        ran.append(True)

    try:
        result = exercise.run_sync(note_that_it_ran)
    except NotImplementedError:
        raise
    except RuntimeError:
        return
    except Exception as error:  # blockbuster's BlockingError is the evidence
        if type(error).__name__ != "BlockingError":
            raise
        outcome = f"Instead it blocked the running loop: {error}."
    else:
        outcome = f"It returned {result!r}{' (the coroutine ran)' if ran else ''}."
    fail("run_sync ran a coroutine although an event loop was already running in this thread; it "
         "should raise RuntimeError there.",
         outcome,
         hint="Inside async code the caller must `await` instead; asyncio.run refuses with RuntimeError.")
