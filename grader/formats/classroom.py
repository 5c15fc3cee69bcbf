"""`kata check --format classroom`: the result JSON of `classroom-resources/autograding-grading-reporter`.

The reporter belonged to GitHub Classroom (retired); a team may still run it on its own. The run
is a graded one (grader.teacher.graded). This module prints the reporter's JSON (one entry per
exercise, points from the catalog), appends `result=<base64 of it>` to $GITHUB_OUTPUT and writes a
Markdown summary to $GITHUB_STEP_SUMMARY.

Learner output never reaches the log as workflow commands: the human-readable report is printed
between `::stop-commands::<random token>` and `::<token>::`, and lines of messages in the JSON
and the summary that would read as a command are defused.
"""
from __future__ import annotations

import base64
import json
import os
import sys
from typing import IO

from grader.engine import trust
from grader.formats.text import bar, commands_stopped, defuse, markdown_cell
from grader.results import (
    GRADER_ERROR_NOTE,
    PARTIAL_CREDIT_RULE,
    ExerciseResult,
    Status,
    earned,
    exit_code,
    percent,
    possible,
)

MESSAGE_CHARS = 1500


# --- The reporter's JSON ------------------------------------------------------------------------

def status_of(result: ExerciseResult) -> str:
    return "pass" if result.passed else "fail" if result.status is Status.FAIL else "error"


def message_of(result: ExerciseResult) -> str:
    if result.passed:
        return result.tests_summary
    text = f"{result.status}, {result.tests_summary}: {result.message.strip() or '(no message)'}"
    if len(text) > MESSAGE_CHARS:
        text = text[:MESSAGE_CHARS] + "\n... (see `kata check " + result.exercise.name + "`)"
    return defuse(text)


def result_json(results: list[ExerciseResult], findings: trust.Findings | None = None) -> dict:
    tests = [
        {
            "name": r.exercise.name,
            "status": status_of(r),
            "score": r.score,
            "message": message_of(r),
            "test_code": f"kata check {r.exercise.name}",
            "filename": r.exercise.shown_path,
            "line_no": 0,
            "duration": round(r.duration, 3),
        }
        for r in results
    ]
    payload: dict = {
        "version": 1,
        # "error": some exercise was not checked at all (a grader error), which is not a failing grade.
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


# --- The step summary ---------------------------------------------------------------------------

def summary_markdown(results: list[ExerciseResult], findings: trust.Findings | None = None) -> str:
    points, out_of = earned(results), possible(results)
    passed = sum(r.passed for r in results)
    lines = [
        f"## asyncio kata: {points} / {out_of} points",
        "",
        f"`{bar(passed, len(results))}` {passed} of {len(results)} exercises pass · "
        f"{points} of {out_of} points ({percent(points, out_of):.1f} %)",
        "",
        "| # | Exercise | Result | Points | First diagnosis |",
        "|---:|---|---|---:|---|",
    ]
    for number, result in enumerate(results, 1):
        diagnosis = "" if result.passed else markdown_cell(result.headline or "(no message)")
        lines.append(f"| {number} | `{result.exercise.name}` | {result.status.badge} | "
                     f"{result.score} / {result.exercise.points} | {diagnosis} |")
    if findings is not None and (findings.protected_changes or findings.unrecoverable):
        lines += ["", "**Protected files that are not as shipped** (graded with the shipped versions, "
                      "never with these):", ""]
        lines += [f"- `{markdown_cell(name)}`" for name in [*findings.protected_changes, *findings.unrecoverable]]
    if any(r.grader_error for r in results):
        lines += ["", f"**{GRADER_ERROR_NOTE}**"]
    lines += ["", f"{PARTIAL_CREDIT_RULE} Run `kata check NAME` to see the full diagnosis.", ""]
    return "\n".join(lines)


# --- The output ---------------------------------------------------------------------------------

def publish(results: list[ExerciseResult], findings: trust.Findings) -> int:
    """Print the JSON, set the step's output and summary, and log the report; 0 iff all pass."""
    payload = result_json(results, findings)
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    sys.stdout.flush()
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
            output.write(f"result={encoded(payload)}\n")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(summary_markdown(results, findings))
    with commands_stopped(sys.stderr):
        print_report(results, findings, sys.stderr)
    return exit_code(results)


def print_report(results: list[ExerciseResult], findings: trust.Findings, stream: IO[str]) -> None:
    """The human-readable report of a graded run (learner text included: print it commands-stopped)."""
    width = max((len(r.exercise.name) for r in results), default=0)
    print(f"Graded with {findings.source}.", file=stream)
    for line in findings.lines():
        print(f"! {line}", file=stream)
    for result in results:
        print(f"{result.status.badge:<10} {result.exercise.name:<{width}}  "
              f"{result.score:>3} / {result.exercise.points:<3} {result.tests_summary}", file=stream)
    for result in results:
        if not result.passed:
            print(f"\n--- {result.exercise.name} ({result.status})", file=stream)
            print(result.message.strip() or "(no message)", file=stream)
    print(f"\nPoints {earned(results)}/{possible(results)}", file=stream)
    not_checked = [r.exercise.name for r in results if r.grader_error]
    if not_checked:
        print(f"GRADER ERROR: not checked: {', '.join(not_checked)}. {GRADER_ERROR_NOTE}", file=stream)
