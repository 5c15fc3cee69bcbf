"""Instruments that watch the learner's code run: call timelines, a heartbeat, leftover tasks; and
swapping what the learner's code calls (a spy, `tap`, `rebind`, `use_loop_clock`).

All times are `loop.time()`: loop seconds on the virtual clock, real seconds otherwise.
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import itertools
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pytest

from grader.figure import Figure
from grader.harness.diagnosis import expect_equal, fail, seconds
from grader.harness.outcomes import plugin_explains, stop_tasks, task_name
from grader.harness.schedules import TOLERANCE, Plan, schedule_figure

T = TypeVar("T")


def expect_async_def(function: Any, name: str) -> None:
    """Fail unless `function` is a coroutine function (written `async def`)."""
    if not inspect.iscoroutinefunction(function):
        kind = "a plain function (def)" if callable(function) else f"a {type(function).__name__}"
        fail(
            f"{name} must be a coroutine function (async def), but it is {kind}.",
            hint=f"Write `async def {name}(...)`: only coroutine functions can be awaited.",
        )


async def timed(awaitable: Awaitable[T]) -> tuple[T, float]:
    """Await `awaitable`; return its result and how long it took on the loop's clock."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await awaitable
    return result, loop.time() - start


async def expect_returns(awaitable: Awaitable[T], *, what: str, hint: str | None = None) -> T:
    """Await the learner's code; if it raises, fail naming the call (e.g. "squares([]) raised ...").

    A stub's NotImplementedError and blockbuster's BlockingError pass through untouched: the
    plugin explains those better.
    """
    try:
        return await awaitable
    except Exception as error:
        if plugin_explains(error):
            raise
        problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    fail(f"{what} raised {problem.splitlines()[0]}", hint=hint)


# --- Timelines of runs -----------------------------------------------------------------------------

@dataclass(eq=False)
class Run:
    """One recorded run of a coroutine (a Spy's call, a Jobs job), in loop times."""
    label: str
    start: float | None = None
    end: float | None = None
    outcome: str = ""  # returned | raised | cancelled (a job adds details); "" until it ends
    cancelled_at: float | None = None  # when the cancellation arrived; a job may clean up until `end`

    def describe(self) -> str:
        return self._line(self.label)

    def figure_label(self) -> str:
        """The run's name in a figure: the label up to its first colon ("makers[0]")."""
        return self.label.split(": ", 1)[0]

    def _line(self, label: str) -> str:
        if self.start is None and self.end is None:
            return f"  {label}: not started"
        started = f"started at {seconds(self.start)}, " if self.start is not None else ""
        cancelled = self.cancelled_at
        if cancelled is not None and (self.end is None or self.end - cancelled > TOLERANCE):
            if self.end is None:
                return f"  {label}: {started}cancelled at {seconds(cancelled)}, still cleaning up"
            return (f"  {label}: {started}cancelled at {seconds(cancelled)}, cleaned up until "
                    f"{seconds(self.end)}{self.outcome.removeprefix('cancelled')}")
        if self.end is None:
            return f"  {label}: {started}still running"
        return f"  {label}: {started}{self.outcome} at {seconds(self.end)}"


RunT = TypeVar("RunT", bound=Run)


class Recorder(Generic[RunT]):
    """Runs recorded as they happen (`runs`), and how many ran at once (`in_flight`, `max_in_flight`)."""

    def __init__(self) -> None:
        self.runs: list[RunT] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @contextmanager
    def recording(self, run: RunT) -> Iterator[RunT]:
        """Around the body of a run: its start and end, how it ended (unless the body says so itself),
        and the moment a cancellation arrived (unless the body noted it)."""
        loop = asyncio.get_running_loop()
        run.start = loop.time()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            yield run
        except asyncio.CancelledError:
            run.outcome = run.outcome or "cancelled"
            if run.cancelled_at is None:
                run.cancelled_at = loop.time()
            raise
        except BaseException:
            run.outcome = run.outcome or "raised"
            raise
        else:
            run.outcome = run.outcome or "returned"
        finally:
            self.in_flight -= 1
            run.end = loop.time()

    def timeline(self, title: str) -> str:
        return title + "\n" + "\n".join(run.describe() for run in self.runs)

    def figure(self, expected: Plan | None = None, **options: Any) -> Figure:
        """The runs as a figure, beside the `expected` schedule: (start, end[, outcome]) per run, in the
        order of `runs` (see schedules.schedule_figure for the options)."""
        return schedule_figure(self.runs, expected, **options)


@dataclass(eq=False)
class Call(Run):
    """A call of a spied function (its name is the label): its arguments, and the run it made.

    `args` and `kwargs` are the objects passed (a suite may check `call.args[0] is out`); `shown` is how
    they looked at the moment of the call, which is what a timeline shows: a list the code appends to
    afterwards must not make an earlier call look as if it had been given the later contents.
    """
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    shown: str | None = None

    def __post_init__(self) -> None:
        if self.shown is None:
            self.shown = arguments(self.args, self.kwargs)

    def describe(self, name: str | None = None) -> str:
        """One timeline line, showing the arguments as they were when the call was made."""
        return self._line(f"{name or self.label}({self.shown})")

    def figure_label(self) -> str:
        return f"{self.label}({self.shown})"


class Spy(Recorder[Call]):
    """Stands in for an async function and records every call: arguments, start and end times.

    Install it with `spy(monkeypatch, module, "name")`; the learner's code calls it as usual.
    A call is recorded when its coroutine starts running, so a task created just now shows up
    only after the creator yields (`await asyncio.sleep(0)`).
    """

    def __init__(self, target: Callable[..., Awaitable[Any]], name: str) -> None:
        super().__init__()
        self.target, self.name = target, name

        # A coroutine takes its name from the function that made it, so an un-awaited call
        # warns about e.g. 'get_price', not about a wrapper.
        @functools.wraps(target)
        async def recorded(*args: Any, **kwargs: Any) -> Any:
            call = Call(name, args=args, kwargs=kwargs)
            self.runs.append(call)
            with self.recording(call):
                return await self.target(*args, **kwargs)

        self.wrapper = recorded

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.wrapper(*args, **kwargs)

    @property
    def calls(self) -> list[Call]:
        return self.runs

    @property
    def count(self) -> int:
        return len(self.calls)

    @property
    def starts(self) -> list[float]:
        return [call.start for call in self.calls if call.start is not None]  # every call starts as it is made

    def expect_called_once_each(self, values: list, *, by: str, position: int = 0, keyword: str = "",
                                hint: str | None = None) -> None:
        """`by` called this function exactly once per value (in any order), passing the value as
        positional argument `position` or as keyword `keyword`."""
        if not self.calls:
            fail(f"{by} did not call {self.name}: do the work with the given helper.")
        passed = [c.args[position] if len(c.args) > position else c.kwargs.get(keyword) for c in self.calls]
        expect_equal(sorted(passed, key=repr), sorted(values, key=repr),
                     what=f"the values {by} passed to {self.name} (sorted)", evidence=[self.timeline()],
                     hint=hint or f"Call {self.name} exactly once for each value.")

    def expect_started_together(self, what: str, *, since: float, hint: str | None = None) -> None:
        """Every call began at `since` (loop time): none waited for another to finish first."""
        late = [call for call in self.calls if call.start is not None and call.start - since > TOLERANCE]
        if late:
            together = [(since, since + _length(call)) for call in self.calls]
            fail(
                f"{what} did not start every {self.name} call at once: some began only after others "
                "had finished.",
                self.timeline(),
                hint=hint or "Create all the coroutines or tasks first, then wait for them together.",
                figure=self.figure(together),
            )

    def timeline(self, title: str = "Timeline (loop seconds):") -> str:
        """The evidence for a timing diagnosis: one line per call, in the order they started."""
        if not self.calls:
            return f"{self.name} was never called."
        return super().timeline(title)


def _length(run: Run) -> float:
    """How long a run ran (so far): 0 if it never started or has not ended."""
    return run.end - run.start if run.start is not None and run.end is not None else 0.0


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Spy:
    """Replace `module.<name>` by a recording Spy for the rest of the test."""
    recorder = Spy(getattr(module, name), name)
    monkeypatch.setattr(module, name, recorder.wrapper)
    vars(recorder.wrapper)["spy"] = recorder  # so a suite can find the recorder from the module attribute
    return recorder


def arguments(args: tuple, kwargs: dict) -> str:
    """Call arguments as text, e.g. "1, 'hello', out=[]"."""
    return ", ".join([*(_short(a) for a in args), *(f"{k}={_short(v)}" for k, v in kwargs.items())])


def _short(value: Any, limit: int = 30) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def tap(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str,
        keep: Callable[[tuple, dict, Any], Any] = lambda args, kwargs, result: result) -> list:
    """For the rest of the test, every call of the plain function or method `owner.<name>` (e.g.
    asyncio.Queue.get_nowait) still happens, and `keep(args, kwargs, result)` of each is appended to the
    list returned: what it returned, by default."""
    kept: list = []
    original = getattr(owner, name)

    @functools.wraps(original)
    def tapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        kept.append(keep(args, kwargs, result))
        return result

    monkeypatch.setattr(owner, name, tapped)
    return kept


def rebind(monkeypatch: pytest.MonkeyPatch, module: Any, replacements: dict[Any, Any]) -> None:
    """For the rest of the test, every global of `module` bound to one of the originals (keys) is bound
    to its replacement: `import time` and `from time import monotonic` in the learner's file alike."""
    for name, value in list(vars(module).items()):
        for original, replacement in replacements.items():
            if value is original:
                monkeypatch.setattr(module, name, replacement)


def use_loop_clock(monkeypatch: pytest.MonkeyPatch, module: Any,
                   clocks: tuple[str, ...] = ("monotonic", "perf_counter", "time")) -> None:
    """time.monotonic(), time.perf_counter() and time.time() (or those of them named in `clocks`), called
    from `module` (the learner's file), read the running event loop's clock. Outside a virtual-clock test
    they are the same clock (give or take the wall clock's zero), so code that uses them must work there
    too."""
    def on_the_loop(real: Callable[[], float]) -> Callable[[], float]:
        def clock() -> float:
            try:
                return asyncio.get_running_loop().time()
            except RuntimeError:
                return real()
        return clock

    replaced = {name: on_the_loop(getattr(time, name)) for name in clocks}

    class LoopTime:
        def __getattr__(self, name: str) -> Any:
            return replaced.get(name) or getattr(time, name)

    rebind(monkeypatch, module, {time: LoopTime(), **{getattr(time, name): clock for name, clock in replaced.items()}})


# --- Responsiveness ---------------------------------------------------------------------------------

class Heartbeat:
    """A task that ticks every `interval` seconds; gaps between ticks show when the loop was stuck.

    async with Heartbeat() as beat:
        await learner_code()
    beat.expect_responsive(what="read_all", max_gap=0.1)

    Counting ticks needs no tight timing: a blocked loop shows one long gap however loaded the
    machine is, while a free loop keeps the gaps near the interval.
    """

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.ticks: list[float] = []
        self._task: asyncio.Task | None = None
        self._stopped_at: float | None = None

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._beat())
        await asyncio.sleep(0)  # let the first tick happen before the code under test starts
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._stopped_at = asyncio.get_running_loop().time()
        if self._task is None:
            return
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self.ticks.append(loop.time())
            await asyncio.sleep(self.interval)

    @property
    def longest_gap(self) -> float:
        moments = [*self.ticks, *([self._stopped_at] if self._stopped_at is not None else [])]
        return max((b - a for a, b in itertools.pairwise(moments)), default=0.0)

    def expect_responsive(self, *, what: str, max_gap: float, hint: str | None = None) -> None:
        if self.longest_gap > max_gap:
            fail(
                f"The event loop froze while {what} ran: no other task could run for "
                f"{seconds(self.longest_gap)}.",
                f"A heartbeat task meant to tick every {seconds(self.interval)} ticked "
                f"{len(self.ticks)} times; its longest gap was {seconds(self.longest_gap)} "
                f"(allowed: {seconds(max_gap)}).",
                hint=hint or "Blocking work belongs in a thread (asyncio.to_thread) or a process pool.",
            )


# --- What asyncio complains about -------------------------------------------------------------

@contextmanager
def loop_complaints() -> Iterator[list[dict]]:
    """Collect what the running loop reports through its exception handler ("Task exception was
    never retrieved", "Task was destroyed but it is pending!") instead of logging it."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    reported: list[dict] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        yield reported
    finally:
        loop.set_exception_handler(previous)


def describe_complaints(complaints: list[dict]) -> list[str]:
    return [
        f"  asyncio reported: {c.get('message')}" + (f" {c['exception']!r}" if c.get("exception") else "")
        for c in complaints
    ]


# --- Leftovers --------------------------------------------------------------------------------------

async def expect_no_tasks_left(what: str, *, hint: str | None = None) -> None:
    """Fail if any task other than the test's own is still unfinished (and stop those)."""
    await asyncio.sleep(0)  # let tasks that are finishing right now finish
    leftovers = await stop_tasks()  # do not leak into the next test
    if not leftovers:
        return
    fail(
        f"{what} left {len(leftovers)} task(s) running after it returned.",
        "Still running:",
        *(f"  {task_name(task)}" for task in leftovers),
        hint=hint or "Every task you start should be awaited (or cancelled and awaited) before you return.",
    )
