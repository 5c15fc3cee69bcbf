"""Scripted awaitables to hand to the learner's code, each recording what happened to it.

    jobs = Jobs()
    jobs.coro(1.0, "a")                    a coroutine: sleeps 1 s, returns "a"
    jobs.coro(0.5, error=ValueError("x"))  sleeps 0.5 s, raises
    jobs.coro(10, cleanup=0.5)             when cancelled, cleans up for 0.5 s before it ends
    jobs.maker(1.0, "a")                   a Maker: a zero-argument callable; every call is a new recorded run
    jobs.makers([(1.0, "a"), (0.5, ValueError("x")), (3, "c", 0.5)])
                                           makers[i], labelled "makers[i]: ..."; a plan is (delay, value or
                                           exception to raise[, cleanup seconds when cancelled])
    jobs.task(...), jobs.future(...)       the same as a running task, or a future settled later
    await after(0.5, call)                 sleeps 0.5 s, then awaits call(): a caller arriving later

Afterwards `jobs.timeline()` is the evidence for a diagnosis (a run cancelled but still cleaning up
says so), `run.cancelled_at` is when a run's cancellation arrived, `jobs.max_in_flight` tells how many
ran at once, `jobs.returned_after(t)` and `jobs.cancelled_after(t)` find the runs that went on past a
moment, `jobs.expect_called_once_each(makers, by=...)` checks the makers' calls, `await
jobs.left_behind()` tells how the runs unfinished right now were left (cleaning up, cancelled a moment
later, running), and `jobs.escaped(error)` finds a job's own exception inside whatever the learner's
code raised.

    outcome, evidence, left = await jobs.outcome_of(exercise.first_success(makers))
        its outcome, the timeline the moment it ended, how it left the runs; leftovers are stopped after
"""
from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.figure import Bar, Figure
from grader.harness.diagnosis import fail, seconds
from grader.harness.outcomes import Outcome, leaves, loop_steps, outcome_of, stop_tasks
from grader.harness.probes import Recorder, Run
from grader.harness.schedules import TOLERANCE, Plan, bar_of, schedule_figure


class Maker:
    """A zero-argument callable returning a fresh recorded coroutine at each call; `runs` are its runs."""

    def __init__(self, jobs: Jobs, name: str, delay: float, value: Any, options: dict[str, Any]) -> None:
        self.jobs, self.name = jobs, name
        self.delay, self.value, self.options = delay, value, options
        self.runs: list[Run] = []

    def __call__(self) -> Coroutine:
        made = self.jobs.coro(self.delay, self.value, **self.options)
        self.runs.append(self.jobs.runs[-1])
        return made

    def __repr__(self) -> str:
        return f"<maker {self.name}>"


@dataclass
class LeftBehind:
    """The runs that were unfinished when the learner's code returned, by what became of them."""
    cleaning_up: list[Run] = field(default_factory=list)  # cancelled, still unwinding
    cancel_pending: list[Run] = field(default_factory=list)  # cancelled, but only a moment later: not waited for
    running: list[Run] = field(default_factory=list)  # never cancelled
    not_started: list[Run] = field(default_factory=list)  # made, never awaited

    @property
    def cancelled(self) -> list[Run]:
        """Cancelled, and not waited for: still cleaning up, or cancelled only after the code returned."""
        return self.cleaning_up + self.cancel_pending

    def fate(self, run: Run) -> str:
        """What became of `run`: finished, cleaning up, cancel pending, running or not started."""
        for fate, runs in [("cleaning up", self.cleaning_up), ("cancel pending", self.cancel_pending),
                           ("running", self.running), ("not started", self.not_started)]:
            if run in runs:
                return fate
        return "finished"


class Jobs(Recorder[Run]):
    def __init__(self) -> None:
        super().__init__()
        self.raised: list[BaseException] = []  # exceptions the jobs raise, to recognise them later
        self._coroutines: list[Coroutine] = []
        self._futures: list[asyncio.Future] = []
        self.at_end: tuple[list[Bar], float] | None = None  # the runs, and the moment, when outcome_of's code ended

    # --- making ------------------------------------------------------------------------------------

    def coro(self, delay: float, value: Any = None, *, error: BaseException | None = None,
             cleanup: float = 0.0, cleanup_error: BaseException | None = None, label: str | None = None,
             kind: str = "coroutine") -> Coroutine:
        """A coroutine that sleeps `delay`, then returns `value` or raises `error`.

        When cancelled it notes the moment (`cancelled_at`), cleans up for `cleanup` seconds, then raises
        `cleanup_error` if given, else lets the cancellation end it.
        """
        run = Run(label or _label(kind, delay, value, error, cleanup))
        self.runs.append(run)
        self.raised += [e for e in (error, cleanup_error) if e is not None]

        async def job() -> Any:
            loop = asyncio.get_running_loop()
            with self.recording(run):
                try:
                    await asyncio.sleep(delay)
                except asyncio.CancelledError:
                    run.cancelled_at, run.outcome = loop.time(), "cancelled"
                    if cleanup:
                        await asyncio.sleep(cleanup)
                    if cleanup_error is not None:
                        run.outcome += f", raised {cleanup_error!r}"
                        raise cleanup_error from None
                    raise
                if error is not None:
                    raise error
                return value

        made = job()
        self._coroutines.append(made)
        return made

    def maker(self, delay: float, value: Any = None, *, name: str = "maker", **options: Any) -> Maker:
        """A zero-argument callable returning a fresh recorded coroutine at each call."""
        return Maker(self, name, delay, value, options)

    def makers(self, plans: Sequence[tuple], name: str = "makers") -> list[Maker]:
        """One maker per plan (delay, outcome[, cleanup]): an exception outcome is raised, anything else
        returned. Every call of makers[i] is a run labelled "makers[i]: ..."."""
        made = []
        for index, (delay, outcome, *rest) in enumerate(plans):
            cleanup = rest[0] if rest else 0.0
            error = outcome if isinstance(outcome, BaseException) else None
            what = f"raises {outcome!r}" if error is not None else f"returns {outcome!r}"
            label = f"{name}[{index}]: {what} after {seconds(delay)}"
            if cleanup:
                label += f" (cleans up for {seconds(cleanup)} when cancelled)"
            made.append(self.maker(delay, None if error is not None else outcome, name=f"{name}[{index}]",
                                   error=error, cleanup=cleanup, label=label))
        return made

    def task(self, delay: float, value: Any = None, **options: Any) -> asyncio.Task:
        made = self.coro(delay, value, kind="task", **options)
        task = asyncio.create_task(made)
        self._futures.append(task)
        return task

    def future(self, delay: float, value: Any = None, *, error: BaseException | None = None) -> asyncio.Future:
        """A plain future that the loop settles after `delay` (no coroutine behind it)."""
        loop = asyncio.get_running_loop()
        run = Run(_label("future", delay, value, error), start=loop.time())
        self.runs.append(run)
        future = loop.create_future()
        if error is not None:
            self.raised.append(error)

        def settle() -> None:
            if future.done():  # cancelled meanwhile
                return
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)

        def record(done: asyncio.Future) -> None:
            run.end = loop.time()
            if done.cancelled():
                run.outcome, run.cancelled_at = "cancelled", run.end
            else:
                run.outcome = "raised" if done.exception() else "returned"

        loop.call_later(delay, settle)
        future.add_done_callback(record)
        self._futures.append(future)
        return future

    # --- looking -----------------------------------------------------------------------------------

    def unfinished(self) -> list[str]:
        return [run.label for run in self.runs if run.end is None]

    def timeline(self, title: str = "The jobs (loop seconds):") -> str:
        return super().timeline(title)

    def figure(self, expected: Plan | None = None, **options: Any) -> Figure:
        """The runs as a figure beside the `expected` schedule (see schedules.schedule_figure). After
        `outcome_of`, the runs are shown as they were when the learner's code ended, with a line at that
        moment: runs it left behind show as still running, or cancelled later."""
        if self.at_end is None:
            return super().figure(expected, **options)
        bars, ended = self.at_end
        options.setdefault("mark", ended)
        options.setdefault("mark_label", "returned")
        return schedule_figure(bars, expected, **options)

    def returned_after(self, moment: float) -> list[Run]:
        """The runs that returned after `moment` (loop time): they ran on instead of being cancelled."""
        return [run for run in self.runs
                if run.outcome == "returned" and run.end is not None and run.end > moment + TOLERANCE]

    def cancelled_after(self, moment: float) -> list[Run]:
        """The runs whose cancellation arrived after `moment` (loop time): cancelled late."""
        return [run for run in self.runs if run.cancelled_at is not None and run.cancelled_at > moment + TOLERANCE]

    async def left_behind(self) -> LeftBehind:
        """How the runs unfinished right now were left: cancelled and still cleaning up, cancelled a few
        loop steps later (a cancellation requested, not waited for), running, or never started. Tells
        "cancelled but not waited for" apart from "left running"."""
        started = [run for run in self.runs if run.end is None and run.start is not None]
        left = LeftBehind(cleaning_up=[run for run in started if run.cancelled_at is not None],
                          not_started=[run for run in self.runs if run.start is None and run.end is None])
        await loop_steps()  # a cancellation already requested arrives now
        for run in started:
            if run.cancelled_at is None:
                left.running.append(run)
            elif run not in left.cleaning_up:
                left.cancel_pending.append(run)
        return left

    async def outcome_of(self, awaitable: Awaitable[Any], *,
                         title: str = "The jobs (loop seconds):") -> tuple[Outcome, str, LeftBehind]:
        """Await the learner's code that was handed these jobs (see outcomes.outcome_of). Returns its
        outcome, the timeline (headed `title`) as it was the moment the code ended, and how the code left
        the runs unfinished then; whatever it left running is stopped afterwards."""
        outcome = await outcome_of(awaitable)
        evidence = self.timeline(title)
        self.at_end = ([bar_of(run) for run in self.runs], asyncio.get_running_loop().time())
        left = await self.left_behind()
        await stop_tasks()
        return outcome, evidence, left

    def expect_called_once_each(self, makers: Sequence[Maker], *, by: str) -> None:
        """Every maker was called exactly once."""
        wrong = [(maker.name, len(maker.runs)) for maker in makers if len(maker.runs) != 1]
        if wrong:
            shown = ", ".join(f"{name} {count} time{'' if count == 1 else 's'}" for name, count in wrong)
            fail(f"{by} must call each maker exactly once, but it called {shown}.", self.timeline(),
                 hint="A maker is a function that makes the coroutine: call it once, `make()`, and run "
                      "what it returns.")

    def escaped(self, error: BaseException) -> BaseException | None:
        """The job's own exception that `error` is, or holds inside an exception group."""
        for candidate in [error, *leaves(error)]:
            if any(candidate is mine for mine in self.raised):
                return candidate
        return None

    def clean_up(self) -> None:
        """Stop whatever the learner's code left behind, quietly: close coroutines it never started,
        cancel what still runs, retrieve what failed. Then no 'never awaited' or 'never retrieved'
        complaint hides the diagnosis."""
        owners = {id(task.get_coro()): task for task in asyncio.all_tasks()}
        for made in self._coroutines:
            if inspect.getcoroutinestate(made) == inspect.CORO_CREATED:
                if id(made) in owners:
                    owners[id(made)].cancel()
                else:
                    made.close()
        for future in self._futures:
            if future.done() and not future.cancelled():
                future.exception()
            else:
                future.cancel()


async def after(delay: float, call: Callable[[], Awaitable[Any]]) -> Any:
    """Sleep `delay` loop seconds, then await call(): a caller that arrives later."""
    if delay:
        await asyncio.sleep(delay)
    return await call()


def _label(kind: str, delay: float, value: Any, error: BaseException | None, cleanup: float = 0.0) -> str:
    what = f"raising {error!r}" if error is not None else f"returning {value!r}"
    label = f"{kind} {what} after {seconds(delay)}"
    return label + (f" (cleans up for {seconds(cleanup)} when cancelled)" if cleanup else "")
