"""Running the learner's code, saying how it ended, and stopping what it left running.

    outcome = await outcome_of(exercise.first_success(makers))     await it, keep whatever happens
    outcome = await outcome_of(exercise.stop(task), cancel_at=0.5, wait=5)
                                                 run it as a task, cancel it at 0.5 s, wait 5 s more
    outcome.state                                "returned" | "raised" | "cancelled" | "still running"
    outcome.value, outcome.error, outcome.elapsed (loop seconds from the start to its end)
    outcome.describe("stop")                     "stop ended cancelled (CancelledError) at 0.5 s."
    leaves(error)                                the exceptions inside an exception group
    await loop_steps()                           let ready tasks run, with no loop time passing
    await stop_tasks(), stop_tasks([task])       cancel and await what is left running
    raise_task_errors(tasks, expected=...)       let the plugin explain an unexpected exception

A stub's NotImplementedError and blockbuster's BlockingError never become an outcome: `outcome_of` raises
them, because the plugin explains them better than any suite (`plugin_explains`).
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from grader.harness.diagnosis import leaves, plugin_explains, seconds  # noqa: F401 - re-exported

# Loop seconds a suite waits for the learner's code before it calls it stuck (virtual: costs no real time).
PATIENCE = 60.0


@dataclass
class Outcome:
    """How a run of the learner's code ended, and when."""
    state: str  # returned | raised | cancelled | still running
    elapsed: float | None  # loop seconds from the start of outcome_of to its end; None while it runs
    task: asyncio.Future | None  # the task it ran as (None when awaited in the caller's task)
    value: Any = None
    error: BaseException | None = None  # what it raised; the CancelledError when it ended cancelled

    @property
    def raised(self) -> bool:
        """It ended with an exception (a CancelledError included)."""
        return self.error is not None

    @property
    def cancelled(self) -> bool:
        return self.state == "cancelled"

    def describe(self, name: str) -> str:
        if self.elapsed is None:
            return f"{name} was still running."
        at = seconds(self.elapsed)
        if self.state == "returned":
            return f"{name} returned {self.value!r} at {at}."
        if self.state == "raised":
            return f"{name} raised {self.error!r} at {at}."
        return f"{name} ended cancelled (CancelledError) at {at}."


async def outcome_of(awaitable: Awaitable[Any], *, cancel_at: float | None = None,
                     wait: float | None = None) -> Outcome:
    """Await the learner's code and keep how it ends, exceptions included, for a diagnosis.

    Plainly, `await outcome_of(exercise.f(...))` awaits it in the current task: the caller resumes the
    moment it ends, before any other task runs, so what it left behind is seen as it left it. A
    CancelledError it raises on its own is kept (state "cancelled"); a cancellation of the test itself
    passes through.

    With `cancel_at` or `wait` (or given a task), it runs as a task of its own, watched from outside:
    `cancel_at` cancels it that many loop seconds after the start unless it has ended by then; `wait`
    gives up that many loop seconds later and leaves it running (state "still running": the caller
    decides whether that is the mistake, and stops it with stop_tasks). Without `wait`, a run that never
    ends is left to the plugin's loop-time limit.
    """
    if cancel_at is None and wait is None and not isinstance(awaitable, asyncio.Future):
        return await _awaited_here(awaitable)
    return await _watched_as_task(awaitable, cancel_at=cancel_at, wait=wait)


async def _awaited_here(awaitable: Awaitable[Any]) -> Outcome:
    """Await it in the caller's task, so that the caller resumes the moment it ends."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        value = await awaitable
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        if isinstance(error, asyncio.CancelledError) and _test_is_cancelled():
            raise
        return _ended(loop.time() - start, None, error=error)
    return _ended(loop.time() - start, None, value=value)


def _test_is_cancelled() -> bool:
    """The test's own task is being cancelled (not merely the learner's code cancelling itself)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def _watched_as_task(awaitable: Awaitable[Any], *, cancel_at: float | None, wait: float | None) -> Outcome:
    """Run it as a task of its own, cancel it at `cancel_at`, and give up on it `wait` seconds later."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    task = awaitable if isinstance(awaitable, asyncio.Future) else asyncio.ensure_future(awaitable)
    ended: list[float] = [start] if task.done() else []
    if not ended:
        task.add_done_callback(lambda _: ended.append(loop.time()))
    if cancel_at is not None:
        await asyncio.wait({task}, timeout=cancel_at)
        if not task.done():
            task.cancel()
    await asyncio.wait({task}, timeout=wait)
    if not task.done():
        return Outcome("still running", None, task)
    return _task_ended((ended[0] if ended else loop.time()) - start, task)


def _task_ended(elapsed: float, task: asyncio.Future) -> Outcome:
    if task.cancelled():
        try:
            task.result()
        except asyncio.CancelledError as cancelled:
            return _ended(elapsed, task, error=cancelled)
    error = task.exception()
    return _ended(elapsed, task, error=error, value=task.result() if error is None else None)


def _ended(elapsed: float, task: asyncio.Future | None, *, error: BaseException | None = None,
           value: Any = None) -> Outcome:
    if error is None:
        return Outcome("returned", elapsed, task, value=value)
    if plugin_explains(error):
        raise error
    state = "cancelled" if isinstance(error, asyncio.CancelledError) else "raised"
    return Outcome(state, elapsed, task, error=error)


async def loop_steps(steps: int = 5) -> None:
    """Let the tasks that are ready run a few steps, with no loop time passing: whatever was set off just
    now (a cancellation requested, a callback scheduled) happens."""
    for _ in range(steps):
        await asyncio.sleep(0)


def task_name(task: asyncio.Future) -> str:
    coro = task.get_coro() if isinstance(task, asyncio.Task) else task
    return getattr(coro, "__qualname__", repr(coro))


async def stop_tasks(tasks: Iterable[asyncio.Future] | None = None, *, tries: int = 3,
                     wait: float = 1.0) -> list[asyncio.Future]:
    """Cancel `tasks` (by default every task but the current one) and wait until they have ended, so that
    nothing the learner's code left behind leaks into later checks or the next test. Cancels again, up to
    `tries` times, what swallows a cancellation, waiting up to `wait` loop seconds each time. Every ended
    task's exception is retrieved, so asyncio logs nothing. Returns the tasks that were still running."""
    current = asyncio.current_task()
    chosen = asyncio.all_tasks() if tasks is None else tasks
    running = [task for task in chosen if task is not current and not task.done()]
    for _ in range(tries):
        pending = [task for task in running if not task.done()]
        if not pending:
            break
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=wait)
    for task in running:
        if task.done() and not task.cancelled():
            task.exception()  # retrieved
    return running


def raise_task_errors(tasks: Iterable[asyncio.Future], *,
                      expected: Callable[[BaseException], bool] = lambda error: False) -> None:
    """Retrieve the exception of every ended task (so asyncio complains about none), then raise the first
    one that is not `expected`: a stub's NotImplementedError, a blocking call, a bug in the learner's code.
    The plugin explains those."""
    errors = [task.exception() for task in tasks if task.done() and not task.cancelled()]
    for error in errors:
        if error is not None and not expected(error):
            raise error
