"""Scripted awaitables to hand to the learner's code, each recording what happened to it.

    jobs = Jobs()
    jobs.coro(1.0, "a")                    a coroutine: sleeps 1 s, returns "a"
    jobs.coro(0.5, error=ValueError("x"))  sleeps 0.5 s, raises
    jobs.coro(10, cleanup=0.5)             when cancelled, cleans up for 0.5 s before it ends
    jobs.maker(1.0, "a")                   a zero-argument callable; every call is a new recorded run
    jobs.task(...), jobs.future(...)       the same as a running task, or a future settled later

Afterwards `jobs.timeline()` is the evidence for a diagnosis, `jobs.unfinished()` lists what is
still running, `jobs.max_in_flight` tells how many ran at once, and `jobs.escaped(error)` finds a
job's own exception inside whatever the learner's code raised.
"""
from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass
from typing import Any, Callable, Coroutine

from grader.harness.diagnosis import seconds


@dataclass
class Run:
    label: str
    start: float | None = None
    end: float | None = None
    outcome: str = ""

    def describe(self) -> str:
        if self.start is None and self.end is None:
            return f"  {self.label}: not started"
        if self.end is None:
            return f"  {self.label}: started at {seconds(self.start)}, still running"
        started = f"started at {seconds(self.start)}, " if self.start is not None else ""
        return f"  {self.label}: {started}{self.outcome} at {seconds(self.end)}"


class Jobs:
    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.raised: list[BaseException] = []  # exceptions the jobs raise, to recognise them later
        self.in_flight = 0
        self.max_in_flight = 0
        self._coroutines: list[Coroutine] = []
        self._futures: list[asyncio.Future] = []

    # --- making ------------------------------------------------------------------------------------

    def coro(self, delay: float, value: Any = None, *, error: BaseException | None = None,
             cleanup: float = 0.0, cleanup_error: BaseException | None = None, label: str | None = None,
             kind: str = "coroutine") -> Coroutine:
        """A coroutine that sleeps `delay`, then returns `value` or raises `error`.

        When cancelled it cleans up for `cleanup` seconds, then raises `cleanup_error` if given,
        else lets the cancellation end it.
        """
        run = Run(label or _label(kind, delay, value, error, cleanup))
        self.runs.append(run)
        self.raised += [e for e in (error, cleanup_error) if e is not None]

        async def job() -> Any:
            loop = asyncio.get_running_loop()
            run.start = loop.time()
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            run.outcome = "returned"
            try:
                await asyncio.sleep(delay)
                if error is not None:
                    run.outcome = "raised"
                    raise error
                return value
            except asyncio.CancelledError:
                run.outcome = "cancelled"
                if cleanup:
                    await asyncio.sleep(cleanup)
                    run.outcome = f"cancelled, cleaned up for {seconds(cleanup)}"
                if cleanup_error is not None:
                    run.outcome += f", raised {cleanup_error!r}"
                    raise cleanup_error
                raise
            finally:
                self.in_flight -= 1
                run.end = loop.time()

        made = job()
        self._coroutines.append(made)
        return made

    def maker(self, delay: float, value: Any = None, **options: Any) -> Callable[[], Coroutine]:
        """A zero-argument callable returning a fresh recorded coroutine at each call."""
        return lambda: self.coro(delay, value, **options)

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
            run.outcome = "cancelled" if done.cancelled() else "raised" if done.exception() else "returned"

        loop.call_later(delay, settle)
        future.add_done_callback(record)
        self._futures.append(future)
        return future

    # --- looking -----------------------------------------------------------------------------------

    def unfinished(self) -> list[str]:
        return [run.label for run in self.runs if run.end is None]

    def timeline(self, title: str = "The jobs (loop seconds):") -> str:
        return title + "\n" + "\n".join(run.describe() for run in self.runs)

    def escaped(self, error: BaseException) -> BaseException | None:
        """The job's own exception that `error` is, or holds inside an exception group."""
        if any(error is mine for mine in self.raised):
            return error
        if isinstance(error, BaseExceptionGroup):
            for inner in error.exceptions:
                found = self.escaped(inner)
                if found is not None:
                    return found
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


def _label(kind: str, delay: float, value: Any, error: BaseException | None, cleanup: float = 0.0) -> str:
    what = f"raising {error!r}" if error is not None else f"returning {value!r}"
    label = f"{kind} {what} after {seconds(delay)}"
    return label + (f" (cleans up for {seconds(cleanup)} when cancelled)" if cleanup else "")
