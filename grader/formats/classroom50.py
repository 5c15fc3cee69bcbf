"""`kata check --format classroom50`: what Classroom 50's runner reads from a custom autograder.

Classroom 50 (foundation50/classroom50) grades a submission inside GitHub Actions by running the
assignment's `autograder.py` (written by `kata export --for classroom50`), which runs this format
and hands its files on. The contract, as the runner and the published schema
(classroom50/result/v1) define it:

- `result.json`: the identity of the submission (from the runner's environment), `score` and
  `max-score`, and `tests`, here one row per exercise in catalog order with `test-name` = the
  exercise's name. Integers only, score <= max-score per row and in total, no top-level key beyond
  the schema's; a row may carry short extras (topic, status, tests passed/total, a one-line summary).
- `release-body.md`: the Markdown of the submission's Release (grader.formats.markdown_report).
- `status=` and `summary=` for $GITHUB_OUTPUT: success only when every exercise passes; the summary
  is one line of at most 140 characters (it becomes a commit status description).

The three are written into the folder `--out` (default: the current folder); the autograder checks
them and puts them where the runner looks. Points come from the results model.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.engine import trust
from grader.formats import markdown_report
from grader.formats.log_report import print_report
from grader.formats.rows import Row, count_not_graded, rows
from grader.formats.text import commands_stopped
from grader.results import EXIT_FAIL, ExerciseResult, earned, exit_code, possible

SCHEMA = "classroom50/result/v1"
RESULT_FILE, BODY_FILE, OUTPUTS_FILE = "result.json", "release-body.md", "github-output.txt"
SUMMARY_CHARS = 140  # a commit status description holds no more
ROW_SUMMARY_CHARS = 120  # every attempt of every student is stored: keep the rows short
ASSIGNMENT_TYPES = ("individual", "group", "team")


@dataclass(frozen=True)
class Submission:
    """Who and what is graded, as the runner's environment says (placeholders when run by hand)."""

    classroom: str
    assignment: str
    submission: str
    commit: str
    release: str
    review: str
    owner: str
    assignment_type: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Submission:
        def get(*names: str, default: str) -> str:
            return next((environ[n].strip() for n in names if environ.get(n, "").strip()), default)

        commit = get("COMMIT_URL", default="local")
        kind = get("ASSIGNMENT_TYPE", default="individual")
        return cls(
            classroom=get("CLASSROOM", default="local"),
            assignment=get("ASSIGNMENT", default="local"),
            submission=get("SUBMISSION_TAG", default="submit/local"),
            commit=commit,
            release=get("RELEASE_URL", default=commit),
            review=get("REVIEW_URL", default=commit),
            owner=get("OWNER", "USERNAME", default="local"),
            assignment_type=kind if kind in ASSIGNMENT_TYPES else "individual",
        )


def test_row(row: Row) -> dict:
    """One row of result.json: the contract's four keys, then short extras."""
    extras = {"topic": row.topic, "status": row.outcome, "tests-passed": row.tests_passed,
              "tests-total": row.tests_total}
    if row.headline:
        extras["summary"] = row.headline[:ROW_SUMMARY_CHARS]
    return {"test-name": row.name, "passed": row.passed, "score": row.score, "max-score": row.points, **extras}


def result_document(results: list[ExerciseResult], submission: Submission, now: float | None = None) -> dict:
    return {
        "schema": SCHEMA,
        "classroom": submission.classroom,
        "assignment": submission.assignment,
        "assignment_type": submission.assignment_type,
        "owner": submission.owner,
        "submission": submission.submission,
        "commit": submission.commit,
        "release": submission.release,
        "review": submission.review,
        # The runner replaces it with the graded commit's date; the schema requires one meanwhile.
        "datetime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "score": earned(results),
        "max-score": possible(results),
        "tests": [test_row(row) for row in rows(results)],
    }


def status_and_summary(results: list[ExerciseResult], findings: trust.Findings | None = None) -> tuple[str, str]:
    """The commit status: success only when every exercise passes; one line, at most 140 characters."""
    passed = sum(r.passed for r in results)
    status = "success" if results and passed == len(results) else "failure"
    summary = f"asyncio kata: {earned(results)}/{possible(results)} points, {passed} of {len(results)} exercises pass"
    not_graded = count_not_graded(results)
    if not_graded:
        summary += f", {not_graded} not graded"
    if findings is not None and (findings.protected_changes or findings.unrecoverable):
        summary += ", protected files changed"
    return status, summary[:SUMMARY_CHARS]


def publish(results: list[ExerciseResult], findings: trust.Findings, out: Path | None) -> int:
    """Write result.json, release-body.md and the output lines into `out`; log the report.

    Returns the exit code of the results (grader.results.exit_code)."""
    folder = out or Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    document = result_document(results, Submission.from_environment(os.environ))
    status, summary = status_and_summary(results, findings)
    _write(folder / RESULT_FILE, json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    _write(folder / BODY_FILE, markdown_report.report(results, findings))
    _write(folder / OUTPUTS_FILE, f"status={status}\nsummary={summary}\n")
    with commands_stopped(sys.stderr):
        print_report(results, findings, sys.stderr)
    return exit_code(results) if results else EXIT_FAIL


def _write(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
