"""What a check found, per test and per exercise, and the points it earns: the one results model.

Every output (the terminal, watch, JSON, JUnit, the graded formats of teachers' platforms, the
gradebook) reads these objects; none of them re-derives a status or a score.

Scoring: an exercise that passes earns all its points. One that fails earns partial credit in
proportion to its passing tests, rounded down to whole points (so only a full pass gives full points,
and totals add up exactly); a timeout or a crash earns 0.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from grader.catalog import Exercise
from grader.figure import Figure

PARTIAL_CREDIT_RULE = ("Partial credit: points × passing tests ÷ tests, rounded down; a timeout or crash "
                       "scores 0.")


class Status(StrEnum):
    """How a test, or a whole exercise, ended. The values are what the JSON formats say."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # crashed, could not load, or the grader could not run it
    TIMEOUT = "timeout"
    SKIPPED = "skipped"
    NOT_RUN = "not run"  # an earlier test of the same exercise stopped the run

    @property
    def symbol(self) -> str:
        """One character for a terminal line."""
        return _SYMBOL[self]

    @property
    def badge(self) -> str:
        """A symbol and a word, for Markdown tables."""
        return f"{_BADGE[self]} {self.value}"


_SYMBOL = {Status.PASS: "✓", Status.FAIL: "✗", Status.ERROR: "✗", Status.TIMEOUT: "⏱",
           Status.SKIPPED: "-", Status.NOT_RUN: "·"}
_BADGE = {Status.PASS: "✅", Status.FAIL: "❌", Status.ERROR: "💥", Status.TIMEOUT: "⏱",
          Status.SKIPPED: "➖", Status.NOT_RUN: "➖"}


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class, whatever its name says

    name: str
    status: Status
    message: str = ""
    duration: float = 0.0
    output: str = ""
    figure: Figure | None = None  # a timeline the suite drew to explain the failure


@dataclass
class ExerciseResult:
    exercise: Exercise
    status: Status
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS

    @property
    def headline(self) -> str:
        """The first line of the diagnosis: what a one-line summary shows."""
        return self.message.strip().splitlines()[0] if self.message.strip() else ""

    @property
    def passing(self) -> int:
        return sum(t.status is Status.PASS for t in self.tests)

    @property
    def score(self) -> int:
        """Points earned: all for a pass, a share for passing tests, 0 for a timeout or crash."""
        points = self.exercise.points
        if self.passed:
            return points
        if self.status in (Status.TIMEOUT, Status.ERROR) or not self.tests:
            return 0
        return points * self.passing // len(self.tests)

    @property
    def tests_summary(self) -> str:
        """"3 of 5 tests pass", or why none ran."""
        if not self.tests:
            return "no test ran"
        return f"{self.passing} of {len(self.tests)} tests pass"


def earned(results: Iterable[ExerciseResult]) -> int:
    return sum(r.score for r in results)


def possible(results: Iterable[ExerciseResult]) -> int:
    return sum(r.exercise.points for r in results)


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0
