"""`kata check --format classroom`: the graded run GitHub Classroom reads.

It prints the result JSON of `classroom-resources/autograding-grading-reporter@v1` (one entry per
exercise, points from the catalog), appends `result=<base64 of it>` to $GITHUB_OUTPUT and writes a
Markdown summary to $GITHUB_STEP_SUMMARY. The run itself is a graded one (grader.trust): pristine
suites, catalog and config, learner files staged alone in a private folder, signed results.

Scoring: an exercise that passes earns its points. One that fails earns partial credit in proportion
to its passing tests, rounded down to whole points (so only a full pass gives full points, and
totals add up exactly); a timeout or a crash earns 0. Every exercise is always in the result.

Learner output never reaches the log as workflow commands: the human-readable report is printed
between `::stop-commands::<random token>` and `::<token>::`, and lines of messages in the JSON
and the summary that would read as a command are defused.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from grader import catalog as catalog_module
from grader import runner, trust
from grader.results import ERROR, FAIL, PASS, TIMEOUT, ExerciseResult

MESSAGE_CHARS = 1500
CELL_CHARS = 160


def score(result: ExerciseResult) -> int:
    """Points earned: all of them for a pass, a share for passing tests, 0 for a timeout or crash."""
    points = result.exercise.points
    if result.passed:
        return points
    if result.status in (TIMEOUT, ERROR) or not result.tests:
        return 0
    passing = sum(t.status == PASS for t in result.tests)
    return points * passing // len(result.tests)


def passing_tests(result: ExerciseResult) -> str:
    if not result.tests:
        return "no test ran"
    return f"{sum(t.status == PASS for t in result.tests)} of {len(result.tests)} tests pass"


# --- Defusing learner text ----------------------------------------------------------------------

_COMMAND_LINE = re.compile(r"^(\s*)(::)", re.MULTILINE)


def defuse(text: str) -> str:
    """Text that cannot act as a GitHub Actions workflow command wherever it is printed."""
    text = _COMMAND_LINE.sub("\\1:\u200b:", text)
    return text.replace("##[", "#\u200b#[")


def markdown_cell(text: str, limit: int = CELL_CHARS) -> str:
    """One line of learner-influenced text, safe inside a Markdown table cell."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", line)


@contextmanager
def commands_stopped(stream: IO[str]) -> Iterator[None]:
    """Everything printed to `stream` inside is shown in the log but never run as a workflow command."""
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", file=stream, flush=True)
    try:
        yield
    finally:
        stream.flush()
        print(f"::{token}::", file=stream, flush=True)


# --- The reporter's JSON ------------------------------------------------------------------------

def status_of(result: ExerciseResult) -> str:
    return "pass" if result.passed else "fail" if result.status == FAIL else "error"


def message_of(result: ExerciseResult) -> str:
    if result.passed:
        return passing_tests(result)
    text = f"{result.status}, {passing_tests(result)}: {result.message.strip() or '(no message)'}"
    if len(text) > MESSAGE_CHARS:
        text = text[:MESSAGE_CHARS] + "\n... (see `kata check " + result.exercise.name + "`)"
    return defuse(text)


def result_json(results: list[ExerciseResult], findings: trust.Findings | None = None) -> dict:
    tests = [
        {
            "name": r.exercise.name,
            "status": status_of(r),
            "score": score(r),
            "message": message_of(r),
            "test_code": f"kata check {r.exercise.name}",
            "filename": f"exercises/{r.exercise.relative_path.as_posix()}",
            "line_no": 0,
            "duration": round(r.duration, 3),
        }
        for r in results
    ]
    payload = {
        "version": 1,
        "status": "pass" if results and all(r.passed for r in results) else "fail",
        "max_score": sum(r.exercise.points for r in results),
        "tests": tests,
    }
    if findings is not None and (findings.protected_changes or findings.unrecoverable):
        payload["protected_changes"] = findings.protected_changes
    return payload


def encoded(payload: dict) -> str:
    return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode("ascii")


# --- The step summary ---------------------------------------------------------------------------

MARK = {"pass": "✅ pass", "fail": "❌ fail", "error": "💥 error", "timeout": "⏱ timeout"}


def bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


def summary_markdown(results: list[ExerciseResult], findings: trust.Findings | None = None) -> str:
    earned = sum(score(r) for r in results)
    possible = sum(r.exercise.points for r in results)
    passed = sum(r.passed for r in results)
    percent = 100 * earned / possible if possible else 0.0
    lines = [
        f"## asyncio kata: {earned} / {possible} points",
        "",
        f"`{bar(passed, len(results))}` {passed} of {len(results)} exercises pass · "
        f"{earned} of {possible} points ({percent:.1f} %)",
        "",
        "| # | Exercise | Result | Points | First diagnosis |",
        "|---:|---|---|---:|---|",
    ]
    for number, result in enumerate(results, 1):
        diagnosis = "" if result.passed else markdown_cell(result.headline or "(no message)")
        lines.append(f"| {number} | `{result.exercise.name}` | {MARK.get(result.status, result.status)} | "
                     f"{score(result)} / {result.exercise.points} | {diagnosis} |")
    if findings is not None and (findings.protected_changes or findings.unrecoverable):
        lines += ["", "**Protected files that are not as shipped** (graded with the shipped versions, "
                      "never with these):", ""]
        lines += [f"- `{markdown_cell(name)}`" for name in [*findings.protected_changes, *findings.unrecoverable]]
    lines += ["", "Partial credit: points × passing tests ÷ tests, rounded down; a timeout or crash scores 0. "
                  "Run `kata check NAME` to see the full diagnosis.", ""]
    return "\n".join(lines)


# --- The command --------------------------------------------------------------------------------

def graded_root() -> Path:
    """The learner's kata: the folder holding kata.toml, even a broken one; else the current folder."""
    try:
        return catalog_module.find_root()
    except catalog_module.CatalogError:
        return Path.cwd().resolve()


def grade_folder(prepared: trust.Prepared, names: list[str], folder: Path,
                 jobs: int | None = None) -> list[ExerciseResult]:
    """Grade the exercise files in `folder` (a learner's exercises/) against the pristine suites."""
    catalog = prepared.catalog
    selected = [catalog.get(name) for name in names] if names else list(catalog.exercises)
    work = prepared.private / "work"
    kata_dir = work / "exercises"
    kata_dir.mkdir(parents=True, exist_ok=True)
    ready, results = [], {}
    for exercise in selected:
        if exercise.name in prepared.ungradable:
            results[exercise.name] = ExerciseResult(exercise, ERROR, prepared.ungradable[exercise.name])
            continue
        content, problem = trust.read_exercise(folder, exercise)
        if content is None:
            results[exercise.name] = ExerciseResult(exercise, ERROR, f"{problem} Nothing to grade.")
            continue
        trust.stage_file(content, exercise, work)
        ready.append(exercise)
    if ready:
        checked = asyncio.run(runner.check_all(catalog, ready, kata_dir, jobs=jobs, sealed=prepared.sealed, cwd=work))
        results.update((r.exercise.name, r) for r in checked)
    ordered = [results[e.name] for e in selected]
    for result in ordered:
        result.message = prepared.scrub(result.message)
        for test in result.tests:
            test.message = prepared.scrub(test.message)
    return ordered


def cmd_check_classroom(args: argparse.Namespace, out) -> int:
    root = graded_root()
    pristine_dir = args.pristine or (Path(os.environ["KATA_PRISTINE"]) if os.environ.get("KATA_PRISTINE") else None)
    if args.jobs is not None and args.jobs < 1:
        raise trust.TrustError("--jobs must be at least 1.")
    folder = (args.dir or root / "exercises").resolve()
    with tempfile.TemporaryDirectory(prefix="kata-graded-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=pristine_dir, graded=root)
        results = grade_folder(prepared, args.names, folder, jobs=args.jobs)
    findings = prepared.findings
    findings.notes += [f"Not an exercise file, not used: {name}" for name in trust.stray_files(folder, prepared.catalog)]
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
    return 0 if all(r.passed for r in results) else 1


def print_report(results: list[ExerciseResult], findings: trust.Findings, stream: IO[str]) -> None:
    """The human-readable report of a graded run (learner text included: print it commands-stopped)."""
    earned = sum(score(r) for r in results)
    possible = sum(r.exercise.points for r in results)
    width = max((len(r.exercise.name) for r in results), default=0)
    print(f"Graded with {findings.source}.", file=stream)
    for line in findings.lines():
        print(f"! {line}", file=stream)
    for result in results:
        print(f"{MARK.get(result.status, result.status):<10} {result.exercise.name:<{width}}  "
              f"{score(result):>3} / {result.exercise.points:<3} {passing_tests(result)}", file=stream)
    for result in results:
        if not result.passed:
            print(f"\n--- {result.exercise.name} ({result.status})", file=stream)
            print(result.message.strip() or "(no message)", file=stream)
    print(f"\nPoints {earned}/{possible}", file=stream)
