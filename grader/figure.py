"""A timeline figure: the learner's runs as bars on a loop-time axis, beside the schedule a suite expected.

A suite builds one from what it recorded (grader.harness: `Recorder.figure`, `schedule_figure`) and
hands it to `fail(..., figure=...)` or an `expect_*` helper; the child sends it to the grader as plain
data in the test's record (grader.engine.protocol), and the learner's screen draws it
(grader.learner.timeline): rich bars in a terminal, an SVG for `kata check NAME --timeline FILE.svg`.
Nothing is ever parsed back out of message text.

    Figure(title="say_after calls", charts=(
        Chart("yours: one after another, 3.0 s", (Bar("say_after(1, 'hello')", 0, 1, "returned"), ...)),
        Chart("expected: all at once, 2.0 s", (Bar("say_after(1, 'hello')", 0, 1, "returned"), ...)),
    ), mark=3.0, mark_label="main_concurrent returned")

Standard library only: the child imports it before any learner code runs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_BARS = 12  # per chart: a figure explains one mistake, it is not a log
MAX_LABEL = 40

# How a bar ends. "running": still running when the picture was taken (the end of the axis).
OUTCOMES = ("returned", "raised", "cancelled", "running", "not started")


@dataclass(frozen=True)
class Bar:
    """One run: from `start` to `end` (loop seconds). A cancelled run that cleaned up for a while has
    `cancelled_at` before `end`."""

    label: str
    start: float | None
    end: float | None
    outcome: str = "returned"
    cancelled_at: float | None = None

    def to_record(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end, "outcome": self.outcome,
                "cancelled_at": self.cancelled_at}

    @classmethod
    def from_record(cls, data: Any) -> Bar:
        if not isinstance(data, dict):
            raise ValueError("a bar is a mapping")
        outcome = str(data.get("outcome", "returned"))
        return cls(str(data.get("label", ""))[:MAX_LABEL], _moment(data.get("start")), _moment(data.get("end")),
                   outcome if outcome in OUTCOMES else "returned", _moment(data.get("cancelled_at")))


@dataclass(frozen=True)
class Chart:
    """A group of bars under one caption, e.g. "yours: one after another, 3.0 s"."""

    caption: str
    bars: tuple[Bar, ...]

    def to_record(self) -> dict[str, Any]:
        return {"caption": self.caption, "bars": [bar.to_record() for bar in self.bars]}

    @classmethod
    def from_record(cls, data: Any) -> Chart:
        if not isinstance(data, dict) or not isinstance(data.get("bars"), list):
            raise ValueError("a chart is a mapping with bars")
        return cls(str(data.get("caption", "")), tuple(Bar.from_record(b) for b in data["bars"][:MAX_BARS]))


@dataclass(frozen=True)
class Figure:
    """Charts sharing one loop-time axis; `mark` is a moment worth a line across them (say, when the
    learner's code returned), named by `mark_label`."""

    title: str
    charts: tuple[Chart, ...]
    mark: float | None = None
    mark_label: str = ""

    @property
    def end(self) -> float:
        """The last moment anything in the figure happened."""
        moments = [m for chart in self.charts for bar in chart.bars for m in (bar.start, bar.end, bar.cancelled_at)
                   if m is not None]
        if self.mark is not None:
            moments.append(self.mark)
        return max(moments, default=0.0)

    def to_record(self) -> dict[str, Any]:
        return {"title": self.title, "charts": [chart.to_record() for chart in self.charts], "mark": self.mark,
                "mark_label": self.mark_label}

    @classmethod
    def from_record(cls, data: Any) -> Figure | None:
        """The figure a record carries, or None if it carries none (or something that is not one)."""
        if not isinstance(data, dict):
            return None
        try:
            charts = tuple(Chart.from_record(c) for c in data.get("charts", [])[:3])
            return cls(str(data.get("title", "")), charts, _moment(data.get("mark")), str(data.get("mark_label", "")))
        except (ValueError, TypeError, AttributeError):
            return None


def _moment(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"not a moment: {value!r}")
    return float(value)
