"""`kata check --format ci`: a graded run for plain CI, GitHub Actions or GitLab CI, with no platform.

It writes a JUnit report (one suite per exercise, with its points as properties; `--out FILE`, else
standard output) for a test-report action or GitLab's `artifacts:reports:junit`, appends the Markdown
report (grader.formats.markdown_report) to $GITHUB_STEP_SUMMARY when GitHub Actions provides one,
and logs the plain report with workflow commands stopped. Exit status 0 only when every exercise
passes.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from grader.engine import trust
from grader.formats import markdown_report
from grader.formats.log_report import print_report
from grader.formats.machine import to_junit
from grader.formats.text import commands_stopped
from grader.results import EXIT_FAIL, ExerciseResult, exit_code


def publish(results: list[ExerciseResult], findings: trust.Findings, out: Path | None) -> int:
    report = to_junit(results, points=True)
    if out is None:
        sys.stdout.write(report)
        sys.stdout.flush()
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report, encoding="utf-8")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(markdown_report.report(results, findings))
    with commands_stopped(sys.stderr):
        print_report(results, findings, sys.stderr)
    return exit_code(results) if results else EXIT_FAIL
