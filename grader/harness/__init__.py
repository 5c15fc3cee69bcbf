"""What suites import: probes that watch the learner's code and helpers that diagnose it.

The pytest plugin (grader.harness.plugin) provides the `exercise` fixture (the learner's module),
the virtual clock, blocking-call detection and time bounds; this package provides the rest.
"""
from grader.harness.diagnosis import expect_duration, expect_equal, fail, same, seconds
from grader.harness.jobs import Jobs
from grader.harness.probes import (
    Heartbeat,
    Spy,
    describe_complaints,
    expect_async_def,
    expect_no_tasks_left,
    expect_returns,
    loop_complaints,
    spy,
    timed,
)

__all__ = [
    "Heartbeat",
    "Jobs",
    "Spy",
    "describe_complaints",
    "expect_async_def",
    "expect_duration",
    "expect_equal",
    "expect_no_tasks_left",
    "expect_returns",
    "loop_complaints",
    "fail",
    "same",
    "seconds",
    "spy",
    "timed",
]
