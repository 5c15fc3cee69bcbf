"""Loop-time schedules: comparing lists of moments, and the schedule a pool of slots would follow.

    expect_times(starts, [0, 0.1, 0.3], what="the moments make() was called", mistakes=[...])
    at_same_moment(a, b)                        two loop times (None: never) within TOLERANCE
    starts, finish = greedy_schedule([3, 1, 2], slots=2)   every free slot takes the next job at once
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from grader.harness.diagnosis import fail, seconds

TOLERANCE = 0.001  # loop time is exact on the virtual clock (looptime counts in microseconds)


def at_same_moment(a: float | None, b: float | None, tolerance: float = TOLERANCE) -> bool:
    """Two loop times are the same moment; None (it never happened) matches nothing."""
    return a is not None and b is not None and abs(a - b) <= tolerance


def times(moments: Iterable[float]) -> str:
    return "[" + ", ".join(seconds(t) for t in moments) + "]"


def close(actual: Sequence[float], expected: Sequence[float], tolerance: float = TOLERANCE) -> bool:
    return len(actual) == len(expected) and all(
        at_same_moment(a, e, tolerance) for a, e in zip(actual, expected, strict=True))


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


def greedy_schedule(durations: Sequence[float], slots: int) -> tuple[list[float], float]:
    """When each job starts, and when all are done, if `slots` run at once and a free slot takes the next
    job (in order) at once: what a semaphore or a pool of workers fed from a queue gives."""
    free = [0.0] * slots
    starts = []
    for duration in durations:
        start = heapq.heappop(free)
        starts.append(start)
        heapq.heappush(free, start + duration)
    return starts, max(free)
