"""One row per exercise, as every graded format shows it: outcome, points, tests and diagnosis.

The platforms' formats (Classroom 50, Gradescope, PrairieLearn, CI, the legacy reporter) all render
these rows, so they agree on what an exercise's outcome is called and what a student is told. The
points come from the results model (`ExerciseResult.score`, `earned`, `possible`), never from here.

An exercise the grading never checked (it ran out of time, or the grader itself failed) is "not
graded": it scores 0 like a failure, but every format says that it was not graded and why, so that
it never reads as the student's zero.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from grader.formats.text import clipped, plain_text
from grader.results import ExerciseResult, Status

# Exercise-level outcomes that mean "never checked", not "checked and wrong".
NOT_GRADED_STATUSES = frozenset({Status.NOT_RUN, Status.GRADER_ERROR})
NOT_GRADED = "not graded"


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, in catalog order
    result: ExerciseResult

    @property
    def name(self) -> str:
        return self.result.exercise.name

    @property
    def topic(self) -> str:
        return self.result.exercise.topic

    @property
    def points(self) -> int:
        """The most this exercise can earn."""
        return self.result.exercise.points

    @property
    def score(self) -> int:
        return self.result.score

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def graded(self) -> bool:
        return self.result.status not in NOT_GRADED_STATUSES

    @property
    def outcome(self) -> str:
        """pass, fail, error, timeout, or not graded."""
        return self.result.status.value if self.graded else NOT_GRADED

    @property
    def badge(self) -> str:
        return self.result.status.badge if self.graded else f"➖ {NOT_GRADED}"

    @property
    def tests_passed(self) -> int:
        return self.result.passing

    @property
    def tests_total(self) -> int:
        return len(self.result.tests)

    @property
    def tests_summary(self) -> str:
        return self.result.tests_summary

    @property
    def headline(self) -> str:
        """The first line of the diagnosis, plain text; empty for a pass."""
        if self.passed:
            return ""
        return plain_text(self.result.headline) or "(no message)"

    def diagnosis(self, limit: int) -> str:
        """The whole diagnosis, plain text, at most `limit` characters."""
        text = plain_text(self.result.message.strip()) or "(no message)"
        return clipped(text, limit, f"`kata check {self.name}` shows it all")


def rows(results: Iterable[ExerciseResult]) -> list[Row]:
    return [Row(number, result) for number, result in enumerate(results, 1)]


def count_not_graded(results: Iterable[ExerciseResult]) -> int:
    return sum(not row.graded for row in rows(results))
