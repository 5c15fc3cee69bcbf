"""Scripted makers, outcomes and loop-time schedules, for suites about racing, retrying and limiting.

    makers = numbered_makers(jobs, [(1.0, "a"), (0.5, ValueError("x")), (3, "c", 0.5)])
        makers[i] is a maker whose runs are labelled "makers[i]: ..."; a plan is
        (delay, value or exception to raise[, cleanup seconds when cancelled])
    expect_called_once_each(jobs, makers, by="first_success")
    outcome = await settle(exercise.first_success(makers))   value or error, and the loop time taken
    expect_times(starts, [0, 0.1, 0.3], what="the moments make() was called", mistakes=[...])
    cancelled, running = await fate_of_unfinished(jobs)        runs left unfinished: cancelled late, or not
    cancelled_at(run)                                           when a run's cancellation arrived
    await stop_leftovers()                                      cancel and await what learner code left
"""
from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Iterable, Sequence

from grader.harness.diagnosis import fail, seconds
from grader.harness.jobs import Jobs, Run

TOLERANCE = 0.001  # loop time is exact on the virtual clock (looptime counts in microseconds)


# --- Makers ---------------------------------------------------------------------------------------

def numbered_makers(jobs: Jobs, plans: Sequence[tuple], name: str = "makers") -> list[Callable[[], Any]]:
    """One maker per plan (delay, outcome[, cleanup]): an exception outcome is raised, anything else
    returned. Every call of makers[i] is a run labelled "makers[i]: ...", so calls can be counted."""
    makers = []
    for index, (delay, outcome, *rest) in enumerate(plans):
        cleanup = rest[0] if rest else 0.0
        error = outcome if isinstance(outcome, BaseException) else None
        what = f"raises {outcome!r}" if error is not None else f"returns {outcome!r}"
        label = f"{name}[{index}]: {what} after {seconds(delay)}"
        if cleanup:
            label += f" (cleans up for {seconds(cleanup)} when cancelled)"
        value = None if error is not None else outcome
        makers.append(_maker(jobs, delay, value, error, cleanup, label))
    return makers


def _maker(jobs: Jobs, delay: float, value: Any, error: BaseException | None, cleanup: float,
           label: str) -> Callable[[], Any]:
    def make() -> Any:
        made = jobs.coro(delay, value, error=error, cleanup=cleanup, label=label)
        jobs.runs[-1].cleanup = cleanup  # for cancelled_at()
        return made
    return make


def cancelled_at(run: Run) -> float | None:
    """The loop time a run's cancellation arrived (its end, less the clean-up it did); None if it was
    not cancelled (yet)."""
    if run.end is None or not run.outcome.startswith("cancelled"):
        return None
    cleaned = run.outcome.startswith("cancelled, cleaned up")
    return run.end - (getattr(run, "cleanup", 0.0) if cleaned else 0.0)


def expect_called_once_each(jobs: Jobs, makers: Sequence, *, by: str, name: str = "makers") -> None:
    """Every maker of numbered_makers was called exactly once."""
    counts = Counter(run.label.split(":")[0] for run in jobs.runs)
    wrong = [(f"{name}[{i}]", counts.get(f"{name}[{i}]", 0)) for i in range(len(makers))]
    wrong = [(label, count) for label, count in wrong if count != 1]
    if wrong:
        shown = ", ".join(f"{label} {count} time{'' if count == 1 else 's'}" for label, count in wrong)
        fail(f"{by} must call each maker exactly once, but it called {shown}.", jobs.timeline(),
             hint="A maker is a function that makes the coroutine: call it once, `make()`, and run "
                  "what it returns.")


# --- Outcomes -------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What awaiting the learner's code gave: its value, or the exception it raised; and when."""
    value: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0

    @property
    def raised(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        if self.error is not None:
            return f"raised {self.error!r} after {seconds(self.elapsed)}"
        return f"returned {self.value!r} after {seconds(self.elapsed)}"


async def settle(awaitable: Awaitable[Any]) -> Outcome:
    """Await the learner's code and keep whatever happens for a diagnosis, exceptions included.

    A stub's NotImplementedError and blockbuster's BlockingError (also inside an exception group)
    pass through untouched: the plugin explains those better. A cancellation of the test itself
    passes through too; a CancelledError that the learner's code raised on its own is kept.
    """
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        value = await awaitable
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - kept for the diagnosis
        if _explained_by_the_plugin(error):
            raise
        if isinstance(error, asyncio.CancelledError) and asyncio.current_task().cancelling():
            raise
        return Outcome(error=error, elapsed=loop.time() - start)
    return Outcome(value=value, elapsed=loop.time() - start)


def _explained_by_the_plugin(error: BaseException) -> bool:
    if isinstance(error, BaseExceptionGroup):
        return any(_explained_by_the_plugin(inner) for inner in error.exceptions)
    return isinstance(error, NotImplementedError) or type(error).__name__ == "BlockingError"


def leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside an exception group, nested groups flattened; [error] for a plain one."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


# --- Schedules ------------------------------------------------------------------------------------

def times(moments: Iterable[float]) -> str:
    return "[" + ", ".join(seconds(t) for t in moments) + "]"


def close(actual: Sequence[float], expected: Sequence[float], tolerance: float = TOLERANCE) -> bool:
    return len(actual) == len(expected) and all(abs(a - e) <= tolerance for a, e in zip(actual, expected))


def expect_times(actual: Sequence[float], expected: Sequence[float], *, what: str,
                 mistakes: Sequence[tuple[Sequence[float], str]] = (), tolerance: float = TOLERANCE,
                 evidence: Iterable[str] = (), hint: str | None = None) -> None:
    """A list of loop times (call moments, waits) must match `expected`; `mistakes` pairs the list a
    known wrong solution gives with the headline naming that mistake."""
    if close(actual, expected, tolerance):
        return
    shown = f"{what}: {times(actual)}; expected {times(expected)}."
    for wrong, headline in mistakes:
        if close(actual, wrong, tolerance):
            fail(headline, shown, *evidence, hint=hint)
    fail(f"{what} were wrong.", shown, *evidence, hint=hint)


# --- Leftovers ------------------------------------------------------------------------------------

async def fate_of_unfinished(jobs: Jobs) -> tuple[list[Run], list[Run]]:
    """Of the runs unfinished right now: (those that get cancelled within a few loop steps, those
    that keep running). Tells "cancelled but not waited for" apart from "left running"."""
    pending = [run for run in jobs.runs if run.start is not None and run.end is None]
    for _ in range(5):
        await asyncio.sleep(0)
    cancelled = [run for run in pending if run.outcome.startswith("cancelled")]
    return cancelled, [run for run in pending if run not in cancelled]


async def stop_leftovers() -> list[str]:
    """Cancel every task but the current one and wait until they are done, so nothing the learner's
    code left behind leaks into the next test. Returns what was still running."""
    current = asyncio.current_task()
    leftovers = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=60)  # loop seconds: free on the virtual clock
        for task in leftovers:
            if not task.cancelled():
                task.exception()  # retrieved, so asyncio logs nothing
    return [getattr(task.get_coro(), "__qualname__", repr(task.get_coro())) for task in leftovers]
