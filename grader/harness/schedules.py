"""Loop-time schedules: comparing lists of moments, and the schedule a pool of slots would follow.

    expect_times(starts, [0, 0.1, 0.3], what="the moments make() was called", mistakes=[...])
    at_same_moment(a, b)                        two loop times (None: never) within TOLERANCE
    starts, finish = greedy_schedule([3, 1, 2], slots=2)   every free slot takes the next job at once
    schedule_figure(runs, expected=[(0, 1), (0, 2)], took=3.0)  the runs as bars beside the expected ones

A figure (grader.figure) is what the learner's screen draws under a timing diagnosis: the learner's
runs as bars on a loop-time axis, captioned with their shape ("yours: one after another, 3.0 s"), above
the schedule the suite expected ("expected: all at once, 2.0 s"). Suites usually get one from a
recorder (`calls.figure(expected=...)`, `jobs.figure(...)`) and pass it to `fail` or an `expect_*`.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from grader.figure import Bar, Chart, Figure
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
                 evidence: Iterable[str] = (), hint: str | None = None, figure: Figure | None = None) -> None:
    """A list of loop times (call moments, waits) must match `expected`; `mistakes` pairs the list a
    known wrong solution gives with the headline naming that mistake."""
    if close(actual, expected, tolerance):
        return
    shown = f"{what}: {times(actual)}; expected {times(expected)}."
    for wrong, headline in mistakes:
        if close(actual, wrong, tolerance):
            fail(headline, shown, *evidence, hint=hint, figure=figure)
    fail(f"{what} were wrong.", shown, *evidence, hint=hint, figure=figure)


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


# --- Figures: runs as bars -------------------------------------------------------------------------

# An expected run: (start, end[, outcome[, cancelled_at]]), e.g. (0, 1.5, "cancelled", 1.0): cancelled at
# 1 s, cleaned up until 1.5 s.
Planned = tuple[Any, ...]
Plan = Sequence[Planned] | Mapping[str, Planned]  # by run (in the order of the runs), or by label


def bar_of(run: Any) -> Bar:
    """A snapshot of a recorded run (probes.Run or anything with its fields) as a figure's bar."""
    if run.start is None:
        outcome = "not started"
    elif run.end is None:
        outcome = "running"
    else:
        outcome = next((o for o in ("cancelled", "raised") if str(run.outcome).startswith(o)), "returned")
    label = run.figure_label() if hasattr(run, "figure_label") else str(run.label)
    return Bar(label, run.start, run.end, outcome, run.cancelled_at)


def shape(bars: Sequence[Bar]) -> str:
    """How runs lay on the axis, in words: "all at once", "one after another", "at most 3 at once"."""
    spans = sorted((bar.start, bar.end if bar.end is not None else float("inf"))
                   for bar in bars if bar.start is not None)
    if len(spans) < 2:
        return "one run" if spans else "nothing ran"
    if all(at_same_moment(start, spans[0][0]) for start, _ in spans):
        return "all at once"
    if all(end <= following + TOLERANCE for (_, end), (following, _) in itertools.pairwise(spans)):
        return "one after another"
    moments = [start for start, _ in spans]
    most = max(sum(start <= m + TOLERANCE and end > m + TOLERANCE for start, end in spans) for m in moments)
    return f"at most {most} at once"


def planned_bars(labels: Sequence[str], plan: Plan) -> list[Bar]:
    """The bars of an expected schedule: by label (a mapping), or plan[i] for the run labelled labels[i]."""
    pairs = list(plan.items()) if isinstance(plan, Mapping) else [
        (labels[index] if index < len(labels) else f"run {index + 1}", planned) for index, planned in enumerate(plan)]
    bars = []
    for label, (start, end, *rest) in pairs:
        how = str(rest[0]) if rest else "returned"
        cancelled_at = float(rest[1]) if len(rest) > 1 else float(end) if how == "cancelled" else None
        bars.append(Bar(label, float(start), float(end), how, cancelled_at))
    return bars


def _span(bars: Sequence[Bar]) -> float:
    starts = [bar.start for bar in bars if bar.start is not None]
    ends = [moment for bar in bars for moment in (bar.end, bar.start) if moment is not None]
    return max(ends) - min(starts) if starts else 0.0


def schedule_figure(runs: Iterable[Any], expected: Plan | None = None, *, title: str = "",
                    took: float | None = None, expected_took: float | None = None, yours: str | None = None,
                    expected_as: str | None = None, mark: float | None = None, mark_label: str = "") -> Figure:
    """The learner's `runs` as bars, captioned "yours: <shape>, <took>", above the `expected` schedule,
    captioned "expected: <shape>, <took>". `expected` gives (start, end[, outcome[, cancelled_at]]) for
    each run in the order of `runs`, or by label ({"makers[0]": (0, 1), ...}: the learner's bars then
    follow the same order).

    `took` defaults to the span of the runs; `yours` and `expected_as` replace the shape words when
    the suite can say it better. `mark` draws a line across both charts at a moment worth seeing,
    e.g. when the learner's code returned.
    """
    mine = [run if isinstance(run, Bar) else bar_of(run) for run in runs]
    if isinstance(expected, Mapping):
        order = {label: index for index, label in enumerate(expected)}
        mine.sort(key=lambda bar: order.get(bar.label, len(order)))
    charts = [Chart(f"yours: {yours or shape(mine)}, {seconds(_span(mine) if took is None else took)}",
                    tuple(mine))]
    if expected is not None:
        wanted = planned_bars([bar.label for bar in mine], expected)
        charts.append(Chart(f"expected: {expected_as or shape(wanted)}, "
                            f"{seconds(_span(wanted) if expected_took is None else expected_took)}", tuple(wanted)))
    return Figure(title, tuple(charts), mark, mark_label)
