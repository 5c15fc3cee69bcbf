"""What a check found, per test and per exercise, and the points it earns: the one results model.

Every output (the terminal, watch, JSON, JUnit, the graded formats of teachers' platforms, the
gradebook) reads these objects; none of them re-derives a status or a score.

Scoring: an exercise that passes earns all its points. One that fails earns partial credit in
proportion to its passing tests, rounded down to whole points (so only a full pass gives full points,
and totals add up exactly); a timeout or a crash earns 0.

A grader error is not a verdict: the grader could not check the exercise (pytest refused its options,
a plugin did not load, the process running the checks ended), so the learner's code was never
judged. It scores 0 like a crash, but every output marks it as not graded and not the learner's
fault, and every command that meets one exits with GRADER_ERROR_EXIT (3): the run must be repeated
once the installation is fixed. It is a status of its own, not a flag on an error, so that no
output can show it as an ordinary failure by forgetting to look at the flag.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from grader.catalog import Exercise
from grader.figure import Figure

PARTIAL_CREDIT_RULE = ("Partial credit: points × passing tests ÷ tests, rounded down; a timeout or crash "
                       "scores 0.")
GRADER_ERROR_NOTE = ("A grader error means the grader could not check that exercise: it is not graded, and it "
                     "is not the student's fault. It scores 0 until it is graded again.")
# Exit codes of every command that checks exercises: all pass, some do not, some were not checked.
EXIT_PASS, EXIT_FAIL, GRADER_ERROR_EXIT = 0, 1, 3


class Status(StrEnum):
    """How a test, or a whole exercise, ended. The values are what the JSON formats say."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # crashed, could not load, or the grader could not run it
    TIMEOUT = "timeout"
    SKIPPED = "skipped"
    NOT_RUN = "not run"  # an earlier test of the same exercise stopped the run
    GRADER_ERROR = "grader error"  # not checked: the grader failed, not the learner's code

    @property
    def symbol(self) -> str:
        """One character for a terminal line."""
        return _SYMBOL[self]

    @property
    def badge(self) -> str:
        """A symbol and a word, for Markdown tables."""
        return f"{_BADGE[self]} {self.value}"


_SYMBOL = {Status.PASS: "✓", Status.FAIL: "✗", Status.ERROR: "✗", Status.TIMEOUT: "⏱",
           Status.SKIPPED: "-", Status.NOT_RUN: "·", Status.GRADER_ERROR: "!"}
_BADGE = {Status.PASS: "✅", Status.FAIL: "❌", Status.ERROR: "💥", Status.TIMEOUT: "⏱",
          Status.SKIPPED: "➖", Status.NOT_RUN: "➖", Status.GRADER_ERROR: "⚠️"}


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
    def grader_error(self) -> bool:
        """Not graded: the grader could not check it (never the learner's fault)."""
        return self.status is Status.GRADER_ERROR

    @property
    def headline(self) -> str:
        """The first line of the diagnosis: what a one-line summary shows."""
        return self.message.strip().splitlines()[0] if self.message.strip() else ""

    @property
    def passing(self) -> int:
        return sum(t.status is Status.PASS for t in self.tests)

    @property
    def score(self) -> int:
        """Points earned: all for a pass, a share for passing tests, 0 for a timeout, crash or grader error."""
        points = self.exercise.points
        if self.passed:
            return points
        if self.status in (Status.TIMEOUT, Status.ERROR, Status.GRADER_ERROR) or not self.tests:
            return 0
        return points * self.passing // len(self.tests)

    @property
    def tests_summary(self) -> str:
        """"3 of 5 tests pass", or why none ran."""
        if not self.tests:
            return "no test ran"
        return f"{self.passing} of {len(self.tests)} tests pass"


def exit_code(results: Iterable[ExerciseResult]) -> int:
    """0 if every exercise passes, GRADER_ERROR_EXIT if one could not be checked, else 1."""
    statuses = {r.status for r in results}
    if Status.GRADER_ERROR in statuses:
        return GRADER_ERROR_EXIT
    return EXIT_PASS if statuses <= {Status.PASS} else EXIT_FAIL


def earned(results: Iterable[ExerciseResult]) -> int:
    return sum(r.score for r in results)


def possible(results: Iterable[ExerciseResult]) -> int:
    return sum(r.exercise.points for r in results)


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0
