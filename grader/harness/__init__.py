"""The one import surface for suites: probes that watch the learner's code and helpers that diagnose it.

    from grader.harness import expect_equal, spy, Jobs, FakeSite, ...

The pytest plugin (grader.harness.plugin) provides the `exercise` fixture (the learner's module),
the virtual clock, blocking-call detection and time bounds; everything else a suite uses comes from
here, and CONTRIBUTING.md's helper table documents each name (a self-test insists). The modules:

- diagnosis: fail, expect_equal, expect_duration (messages that name the mistake);
- probes: spy, tap, Heartbeat, timed, expect_returns, leftover tasks, rebind, use_loop_clock;
- outcomes: outcome_of (how the learner's code ended, cancelled on cue), stop_tasks, loop_steps;
- jobs: Jobs, scripted awaitables and makers that record their fate;
- schedules: expect_times, greedy_schedule (lists of loop times), schedule_figure (runs as bars);
- sync: busy_waiting_fixture, watch_busy_waiting (a task that waits by checking again and again);
- streams: Feed, scripted async generators for the stream exercises;
- realclock: expect_loop_free, for suites on the real clock;
- tracebacks: where an exception was raised and what that code held (never its message's wording);
- http: FakeSite and LoopbackGuard, for the network exercises (imported on first use: it brings
  aiohttp, which most suites never need).
"""
from typing import Any

from grader.harness.diagnosis import expect_duration, expect_equal, fail, same, seconds
from grader.harness.jobs import Jobs, LeftBehind, Maker, after
from grader.harness.outcomes import (
    PATIENCE,
    Outcome,
    leaves,
    loop_steps,
    outcome_of,
    plugin_explains,
    raise_task_errors,
    stop_tasks,
)
from grader.harness.probes import (
    Heartbeat,
    Recorder,
    Run,
    Spy,
    describe_complaints,
    expect_async_def,
    expect_no_tasks_left,
    expect_returns,
    loop_complaints,
    rebind,
    spy,
    tap,
    timed,
    use_loop_clock,
)
from grader.harness.realclock import expect_loop_free
from grader.harness.schedules import TOLERANCE, at_same_moment, expect_times, greedy_schedule, schedule_figure
from grader.harness.streams import CANCELLED, CLOSED, EXHAUSTED, OPEN, Feed
from grader.harness.sync import busy_waiting_fixture, watch_busy_waiting
from grader.harness.tracebacks import (
    awaited_a_non_awaitable,
    raised_holding,
    raised_in,
    raised_through,
    raising_frame,
)

_LAZY = {"FakeSite": "grader.harness.http", "LoopbackGuard": "grader.harness.http"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'grader.harness' has no attribute {name!r}")


__all__ = [
    "CANCELLED",
    "CLOSED",
    "EXHAUSTED",
    "OPEN",
    "PATIENCE",
    "TOLERANCE",
    "FakeSite",
    "Feed",
    "Heartbeat",
    "Jobs",
    "LeftBehind",
    "LoopbackGuard",
    "Maker",
    "Outcome",
    "Recorder",
    "Run",
    "Spy",
    "after",
    "at_same_moment",
    "awaited_a_non_awaitable",
    "busy_waiting_fixture",
    "describe_complaints",
    "expect_async_def",
    "expect_duration",
    "expect_equal",
    "expect_loop_free",
    "expect_no_tasks_left",
    "expect_returns",
    "expect_times",
    "fail",
    "greedy_schedule",
    "leaves",
    "loop_complaints",
    "loop_steps",
    "outcome_of",
    "plugin_explains",
    "raise_task_errors",
    "raised_holding",
    "raised_in",
    "raised_through",
    "raising_frame",
    "rebind",
    "same",
    "schedule_figure",
    "seconds",
    "spy",
    "stop_tasks",
    "tap",
    "timed",
    "use_loop_clock",
    "watch_busy_waiting",
]
