"""The gradebook of a graded class: a deterministic CSV, shard merging, and a feedback file per student.

The CSV has one row per student sorted by name, fixed columns (student, the points of each exercise in
catalog order, total, percent, status), whole points, the percentage with one decimal: a re-run over
the same submissions writes the same bytes. `--merge` joins the CSVs of several shards.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
from pathlib import Path

from grader.catalog import Catalog
from grader.errors import GradingError
from grader.formats.text import fence, markdown_cell, spreadsheet_safe
from grader.results import GRADER_ERROR_NOTE, PARTIAL_CREDIT_RULE, percent
from grader.teacher.grading import Graded


def header(catalog: Catalog) -> list[str]:
    return ["student", *(e.name for e in catalog.exercises), "total", "percent", "status"]


def row(graded: Graded, catalog: Catalog) -> list[str]:
    return [spreadsheet_safe(graded.submission.student), *(str(r.score) for r in graded.results),
            str(graded.total), f"{percent(graded.total, catalog.points):.1f}", graded.status]


def csv_text(head: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    ordered: list[list[str]] = sorted(rows, key=lambda row: row[0])
    writer.writerows(ordered)
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                     prefix=f".{path.name}.", delete=False) as temporary:
        temporary.write(text)
    os.replace(temporary.name, path)


def merge(parts: list[Path], out: Path) -> int:
    head: list[str] | None = None
    rows: dict[str, list[str]] = {}
    for part in parts:
        try:
            with open(part, newline="", encoding="utf-8") as file:
                lines = list(csv.reader(file))
        except OSError as error:
            raise GradingError(f"{part}: {error.strerror or error}") from None
        if not lines:
            raise GradingError(f"{part} is empty: not a kata gradebook.")
        if head is None:
            head = lines[0]
        elif lines[0] != head:
            raise GradingError(f"{part} has other columns than {parts[0]}: were they graded with the same kata?")
        for line in lines[1:]:
            if line and rows.setdefault(line[0], line) != line:
                raise GradingError(f"{line[0]} is in two parts with different grades; grade them again.")
    write_atomically(out, csv_text(head or [], list(rows.values())))
    print(f"Merged {len(parts)} parts: {len(rows)} students in {out}", file=sys.stderr)
    return 0


def safe_name(student: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", student).strip(".") or "student"
    return name[:100]


def feedback_markdown(graded: Graded, catalog: Catalog) -> str:
    passed = sum(r.passed for r in graded.results)
    lines = [f"# Feedback: {markdown_cell(graded.submission.student, 100)}", "",
             f"**{graded.total} / {catalog.points} points ({percent(graded.total, catalog.points):.1f} %)**: "
             f"{passed} of {len(graded.results)} exercises pass.", ""]
    if graded.submission.error:
        lines += [f"**Your submission could not be read.** {markdown_cell(graded.submission.error, 400)}", ""]
    not_checked = [r.exercise.name for r in graded.results if r.grader_error]
    if not_checked:
        lines += [f"**Not graded yet: {', '.join(f'`{name}`' for name in not_checked)}.** The grader could not "
                  "check these exercises (see below): this is not a problem with your code, and they will be "
                  "graded again.", ""]
    lines += ["| # | Exercise | Result | Points | Tests |", "|---:|---|---|---:|---|"]
    for number, result in enumerate(graded.results, 1):
        lines.append(f"| {number} | `{result.exercise.name}` | {result.status} | {result.score} / "
                     f"{result.exercise.points} | {result.tests_summary} |")
    for result in graded.results:
        if not result.passed and result.message.strip():
            lines += ["", f"## {result.exercise.name}: {result.status}", "", fence(result.message.strip())]
    if graded.submission.notes:
        lines += ["", "## Notes", ""] + [f"- {markdown_cell(note, 400)}" for note in graded.submission.notes]
    lines += ["", f"{PARTIAL_CREDIT_RULE} Only the files in exercises/ were graded, against the assignment's "
                  "own tests." + (f" {GRADER_ERROR_NOTE}" if not_checked else ""), ""]
    return "\n".join(lines)
