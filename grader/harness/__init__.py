"""What suites import: probes that watch the learner's code and helpers that diagnose it.

The pytest plugin (grader.harness.plugin) provides the `exercise` fixture (the learner's module),
the virtual clock, blocking-call detection and time bounds; this package provides the rest:

- diagnosis: fail, expect_equal, expect_duration (messages that name the mistake);
- probes: spy, tap, Heartbeat, timed, expect_returns, leftover tasks, rebind, use_loop_clock;
- outcomes: outcome_of (how the learner's code ended, cancelled on cue), stop_tasks, loop_steps;
- jobs: Jobs, scripted awaitables and makers that record their fate;
- schedules: expect_times, greedy_schedule (lists of loop times);
- sync: busy_waiting_fixture, watch_busy_waiting (a task that waits by checking again and again);
- tracebacks: where an exception was raised and what that code held (never its message's wording).
"""
from grader.harness.diagnosis import expect_duration, expect_equal, fail, same, seconds
from grader.harness.jobs import Jobs, LeftBehind, Maker, after
from grader.harness.outcomes import (
    PATIENCE,
    Outcome,
    leaves,
    loop_steps,
    plugin_explains,
    raise_task_errors,
    outcome_of,
    stop_tasks,
)
from grader.harness.probes import (
    Heartbeat,
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
from grader.harness.schedules import TOLERANCE, at_same_moment, expect_times, greedy_schedule
from grader.harness.sync import busy_waiting_fixture, watch_busy_waiting
from grader.harness.tracebacks import (
    awaited_a_non_awaitable,
    raised_holding,
    raised_in,
    raised_through,
    raising_frame,
)

__all__ = [
    "Heartbeat",
    "Jobs",
    "LeftBehind",
    "Maker",
    "Outcome",
    "PATIENCE",
    "Run",
    "Spy",
    "TOLERANCE",
    "after",
    "at_same_moment",
    "awaited_a_non_awaitable",
    "busy_waiting_fixture",
    "describe_complaints",
    "expect_async_def",
    "expect_duration",
    "expect_equal",
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
    "seconds",
    "spy",
    "stop_tasks",
    "tap",
    "timed",
    "use_loop_clock",
    "watch_busy_waiting",
]
