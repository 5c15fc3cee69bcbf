"""The plain-text report of a graded run for a log: a line per exercise, then every diagnosis.

Learner text is in it, so a caller in a GitHub Actions log prints it inside `commands_stopped`.
"""
from __future__ import annotations

from typing import IO

from grader.engine import trust
from grader.formats.rows import rows
from grader.results import GRADER_ERROR_NOTE, ExerciseResult, earned, possible


def print_report(results: list[ExerciseResult], findings: trust.Findings, stream: IO[str]) -> None:
    width = max((len(r.exercise.name) for r in results), default=0)
    print(f"Graded with {findings.source}.", file=stream)
    for line in findings.lines():
        print(f"! {line}", file=stream)
    for row in rows(results):
        print(f"{row.badge:<14} {row.name:<{width}}  {row.score:>3} / {row.points:<3} {row.tests_summary}",
              file=stream)
    for row in rows(results):
        if not row.passed:
            print(f"\n--- {row.name} ({row.outcome})", file=stream)
            print(row.result.message.strip() or "(no message)", file=stream)
    print(f"\nPoints {earned(results)}/{possible(results)}", file=stream)
    not_checked = [r.exercise.name for r in results if r.grader_error]
    if not_checked:
        print(f"GRADER ERROR: not checked: {', '.join(not_checked)}. {GRADER_ERROR_NOTE}", file=stream)
