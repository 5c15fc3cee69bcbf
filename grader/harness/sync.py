"""Catching busy waiting, for suites whose exercise makes tasks wait for something.

A task that waits by checking again and again (`while not ready: await asyncio.sleep(0)`) keeps the
event loop busy. On the real clock it burns a CPU core; on the virtual clock it stops time altogether,
because loop time only moves on when no callback is ready to run. Left alone, such a test would end
only at the wall-clock timeout, with a generic message, and stop the rest of the suite.

`watch_busy_waiting` counts the loop's rounds: when the loop has gone round a great many times
without its clock moving on, it stops the test at once with a diagnosis that names the spin and the
line it spins on. It also counts the asyncio.sleep calls made from the learner's file, so a suite
can tell polling (sleep a little, check again) from waiting on an event: `sleeps`, `zero_sleeps`,
and `wakeups`, the loop times at which those sleeps end.

    busy_waiting = busy_waiting_fixture(what="acquire", hint="...")   an autouse fixture, in the suite

    async def test_waits_without_polling(exercise, busy_waiting):
        ...
        if busy_waiting.sleeps > 20: fail("acquire polls ...")

(or `watch_busy_waiting(monkeypatch, exercise, what=...)` in a fixture or test of its own).
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import linecache
import sys
from asyncio import base_events
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pytest

from grader.harness.diagnosis import fail, seconds
from grader.harness.probes import rebind

# Rounds of the event loop at one loop time before it counts as a spin. Real code needs a few per
# callback it runs at that moment (looptime adds some 40 idle rounds before each step of the clock;
# the 06_sync reference solutions stay under 200); a spinning task gets there within a second or two.
SPIN_ROUNDS = 5_000
# asyncio.sleep(0) calls from the learner's file at one loop time before it counts as a spin: the usual
# spin, caught after a few hundred rounds.
SPIN_SLEEPS = 1_000

DEFAULT_HINT = ("Wait for something instead of checking again and again: an asyncio.Event, a Future, "
                "a Lock or Condition, a Queue, or asyncio.sleep(seconds) until the moment it can go on.")


class BusyWaitWatch:
    """What `watch_busy_waiting` saw: the learner's sleep calls, and whether the loop spun."""

    def __init__(self, learner_file: Path, what: str, hint: str) -> None:
        self.learner_file = str(learner_file)
        self.what = what
        self.hint = hint
        self.sleep_calls: Counter[tuple[int, bool]] = Counter()  # (line, delay > 0) -> calls
        self.wakeups: list[float] = []  # loop time at which each of those sleeps (delay > 0) ends
        self.spun = False
        self._rounds = 0
        self._zero_sleeps_now = 0
        self._moment: float | None = None

    @property
    def sleeps(self) -> int:
        """asyncio.sleep calls from the learner's file with a delay above zero."""
        return sum(n for (_, positive), n in self.sleep_calls.items() if positive)

    @property
    def zero_sleeps(self) -> int:
        """asyncio.sleep(0) calls (or a negative delay) from the learner's file."""
        return sum(n for (_, positive), n in self.sleep_calls.items() if not positive)

    def sleep_lines(self, positive: bool) -> str:
        """e.g. "rate_limiter.py:31 (420 calls)", the learner's lines that slept (or slept 0)."""
        from grader.harness.plugin import display_path  # here: the plugin imports this package

        display = display_path(Path(self.learner_file))
        found = [(n, line) for (line, pos), n in self.sleep_calls.items() if pos == positive]
        return ", ".join(f"{display}:{line} ({n} calls)" for n, line in sorted(found, reverse=True))

    # --- called from the patched loop and sleep ---------------------------------------------------

    def _round(self, loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        if now != self._moment:
            self._moment, self._rounds, self._zero_sleeps_now = now, 0, 0
        self._rounds += 1
        if (self._rounds > SPIN_ROUNDS or self._zero_sleeps_now > SPIN_SLEEPS) and not self.spun:
            self.spun = True
            fail(
                f"Busy waiting: {self.what} kept the event loop spinning instead of waiting. At "
                f"{seconds(now)} of loop time the loop went round {self._rounds} times without its clock "
                "moving on, because a task kept waking up again at once.",
                *self._where(loop),
                "A task that waits by checking again and again (`while ...: await asyncio.sleep(0)`) "
                "never lets time move on; on a real clock it burns a whole CPU core while it waits.",
                hint=self.hint,
            )

    def _where(self, loop: asyncio.AbstractEventLoop) -> list[str]:
        """The lines in the learner's file where the tasks that keep waking up are."""
        from grader.harness.plugin import display_path  # here: the plugin imports this package

        display = display_path(Path(self.learner_file))
        places: dict[str, str] = {}
        for handle in list(getattr(loop, "_ready", [])):
            task = getattr(getattr(handle, "_callback", None), "__self__", None)
            if not isinstance(task, asyncio.Task):
                continue
            frames = [f for f in _awaiting_frames(task) if f.f_code.co_filename == self.learner_file]
            if frames:
                frame = frames[-1]
                place = f"  {display}:{frame.f_lineno} in {frame.f_code.co_name}"
                places[place] = linecache.getline(self.learner_file, frame.f_lineno).strip()
        if not places:
            return []
        zero = f" (asyncio.sleep(0) was called {self.zero_sleeps} times from your code)" if self.zero_sleeps else ""
        lines = [f"Spinning at{zero}:"]
        for place, source in list(places.items())[:3]:
            lines += [place, f"      {source}"] if source else [place]
        return lines

    def _sleep(self, line: int, delay: float) -> None:
        self.sleep_calls[(line, delay > 0)] += 1
        if delay <= 0:
            self._zero_sleeps_now += 1
        else:
            try:
                self.wakeups.append(asyncio.get_running_loop().time() + delay)
            except RuntimeError:
                pass


def _awaiting_frames(task: asyncio.Task) -> list[FrameType]:
    """The frames of a task's coroutine and of everything it awaits, outermost first (task.get_stack()
    shows only the outermost one while the task waits to run)."""
    frames: list[FrameType] = []
    coro: Any = task.get_coro()  # then whatever it awaits: a coroutine, a generator, a future
    while coro is not None and len(frames) < 100:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None:
            frames.append(frame)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return frames


def watch_busy_waiting(monkeypatch: pytest.MonkeyPatch, exercise: ModuleType, *, what: str,
                       hint: str = DEFAULT_HINT) -> BusyWaitWatch:
    """For the rest of the test: stop a spinning event loop with a diagnosis, and count the
    asyncio.sleep calls made from the learner's file (also through `from asyncio import sleep`)."""
    watch = BusyWaitWatch(Path(inspect.getfile(exercise)), what, hint)
    original_round = base_events.BaseEventLoop._run_once  # type: ignore[attr-defined]  # private: not in the stubs

    def run_once(loop: base_events.BaseEventLoop) -> None:
        watch._round(loop)
        original_round(loop)

    original_sleep = asyncio.sleep

    @functools.wraps(original_sleep)
    def sleep(delay: float, result: Any = None) -> Any:  # a plain function, so that it sees its caller's line
        caller = sys._getframe(1)
        if caller.f_code.co_filename == watch.learner_file:
            watch._sleep(caller.f_lineno, delay)
        return original_sleep(delay, result)

    monkeypatch.setattr(base_events.BaseEventLoop, "_run_once", run_once)
    monkeypatch.setattr(asyncio, "sleep", sleep)
    rebind(monkeypatch, exercise, {original_sleep: sleep})
    return watch


def busy_waiting_fixture(*, what: str, hint: str = DEFAULT_HINT) -> Callable:
    """An autouse fixture that watches every test of the suite for busy waiting; tests that count the
    sleeps take it as an argument. Assign it to a module global of the suite: `busy_waiting = ...`."""
    @pytest.fixture(autouse=True)
    def busy_waiting(monkeypatch: pytest.MonkeyPatch, exercise: ModuleType) -> BusyWaitWatch:
        return watch_busy_waiting(monkeypatch, exercise, what=what, hint=hint)

    return busy_waiting
