"""`kata check --format classroom` (legacy): the result JSON of `classroom-resources/autograding-grading-reporter`.

The reporter belonged to GitHub Classroom (retired on 2026-08-28); a team may still run the action
on its own. The run is a graded one (grader.teacher.graded). This module prints the reporter's JSON
(one entry per exercise, points from the results model), appends `result=<base64 of it>` to
$GITHUB_OUTPUT and writes the Markdown report to $GITHUB_STEP_SUMMARY.

The workflow hands `result` to the reporter in an environment variable, which holds at most 128 KiB:
the messages are cut down until the encoded result fits well inside (RESULT_OUTPUT_BYTES), so that
no diagnosis, however long or full of emoji, keeps the reporter from starting. The reporter's own
console total counts a test's points only when it passes: it ignores partial credit, which the
scores in the JSON carry.

Learner output never reaches the log as workflow commands: the human-readable report is printed
between `::stop-commands::<random token>` and `::<token>::`, and lines of messages in the JSON
and the summary that would read as a command are defused.
"""
from __future__ import annotations

import base64
import json
import os
import sys

from grader.engine import trust
from grader.formats import markdown_report
from grader.formats.log_report import print_report
from grader.formats.text import clipped, commands_stopped, defuse
from grader.results import ExerciseResult, Status, exit_code, possible

MESSAGE_CHARS = 1500
# An environment variable holds at most 128 KiB (with its name); leave room for the name and more.
RESULT_OUTPUT_BYTES = 96 * 1024


# --- The reporter's JSON ------------------------------------------------------------------------

def status_of(result: ExerciseResult) -> str:
    return "pass" if result.passed else "fail" if result.status is Status.FAIL else "error"


def message_of(result: ExerciseResult, limit: int = MESSAGE_CHARS) -> str:
    if result.passed:
        return result.tests_summary
    text = f"{result.status}, {result.tests_summary}: {result.message.strip() or '(no message)'}"
    return defuse(clipped(text, limit, f"see `kata check {result.exercise.name}`"))


def result_json(results: list[ExerciseResult], findings: trust.Findings | None = None,
                message_chars: int = MESSAGE_CHARS) -> dict:
    tests = [
        {
            "name": r.exercise.name,
            "status": status_of(r),
            "score": r.score,
            "message": message_of(r, message_chars),
            "test_code": f"kata check {r.exercise.name}",
            "filename": r.exercise.shown_path,
            "line_no": 0,
            "duration": round(r.duration, 3),
        }
        for r in results
    ]
    payload: dict = {
        "version": 1,
        "status": "pass" if results and all(r.passed for r in results) else
                  "error" if any(r.grader_error for r in results) else "fail",
        "max_score": possible(results),
        "tests": tests,
    }
    if findings is not None and (findings.protected_changes or findings.unrecoverable):
        payload["protected_changes"] = findings.protected_changes
    return payload


def encoded(payload: dict) -> str:
    return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode("ascii")


def fitting_result(results: list[ExerciseResult], findings: trust.Findings | None = None) -> tuple[dict, str]:
    """The result and its encoding, messages cut until the encoding fits in RESULT_OUTPUT_BYTES."""
    limit = MESSAGE_CHARS
    while True:
        payload = result_json(results, findings, limit)
        text = encoded(payload)
        if len(text) <= RESULT_OUTPUT_BYTES or limit <= 40:
            return payload, text
        limit //= 2


# --- The output ---------------------------------------------------------------------------------

def publish(results: list[ExerciseResult], findings: trust.Findings) -> int:
    """Print the JSON, set the step's output and summary, and log the report; the exit code of the results."""
    payload, text = fitting_result(results, findings)
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    sys.stdout.flush()
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
            output.write(f"result={text}\n")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(markdown_report.report(results, findings))
    with commands_stopped(sys.stderr):
        print_report(results, findings, sys.stderr)
    return exit_code(results)
