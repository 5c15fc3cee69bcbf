"""The Markdown report of a graded run, for people: a Classroom 50 Release, a CI step summary.

Progress, points, one row per exercise with its first diagnosis line, the full diagnoses folded in
<details>, the protected-file findings and the partial-credit rule. Learner text only ever appears
escaped in a table cell (grader.formats.text.markdown_cell) or inside a fenced code block that it
cannot close (grader.formats.text.fence), so it never becomes Markdown, HTML, a link or a mention;
and no line of it reads as a workflow command should the report ever be printed in a log.
The report stays within `limit` characters however long the diagnoses are.
"""
from __future__ import annotations

from grader.engine import trust
from grader.formats.rows import Row, count_not_graded, rows
from grader.formats.text import bar, defuse, fence, markdown_cell
from grader.results import GRADER_ERROR_NOTE, PARTIAL_CREDIT_RULE, ExerciseResult, earned, percent, possible

# GitHub refuses a Release body over 125,000 characters; a step summary may hold 1 MiB.
LIMIT = 100_000
DETAIL_CHARS = (300, 4000)  # the least and the most of one diagnosis shown in full
DETAIL_FRAME = 160  # <details>, <summary> and the fence around one diagnosis
TABLE_HEADER = ("| # | Exercise | Result | Points | Tests | First diagnosis |", "|---:|---|---|---:|---:|---|")


def report(results: list[ExerciseResult], findings: trust.Findings | None = None, *, details: bool = True,
           limit: int = LIMIT) -> str:
    """The whole report, at most `limit` characters."""
    all_rows = rows(results)
    head = "\n".join([*_summary(results), "", *TABLE_HEADER, *map(_table_row, all_rows), "",
                      *_findings(findings)]) + "\n"
    grader_error = f"\n**{GRADER_ERROR_NOTE}**\n" if any(r.grader_error for r in results) else ""
    tail = grader_error + f"\n{PARTIAL_CREDIT_RULE} `kata check NAME` on your own machine shows the same diagnosis.\n"
    failing = [row for row in all_rows if not row.passed]
    body = ""
    if details and failing:
        room = limit - len(head) - len(tail) - 40
        each = min(DETAIL_CHARS[1], max(DETAIL_CHARS[0], room // len(failing) - DETAIL_FRAME))
        parts = [_detail(row, each) for row in failing]
        while parts and sum(map(len, parts)) > room:
            parts.pop()  # only when even the least of each does not fit; the table still has every row
        body = "### Diagnoses\n\n" + "".join(parts) if parts else ""
    return head + body + tail


def _summary(results: list[ExerciseResult]) -> list[str]:
    points, out_of = earned(results), possible(results)
    passed = sum(r.passed for r in results)
    line = (f"`{bar(passed, len(results))}` {passed} of {len(results)} exercises pass · "
            f"{points} of {out_of} points ({percent(points, out_of):.1f} %)")
    not_graded = count_not_graded(results)
    if not_graded:
        line += f" · **{not_graded} not graded** (see below; your teacher can grade them again)"
    return [f"## asyncio kata: {points} / {out_of} points", "", line]


def _table_row(row: Row) -> str:
    return (f"| {row.number} | `{row.name}` | {row.badge} | {row.score} / {row.points} | "
            f"{row.tests_passed}/{row.tests_total} | {markdown_cell(row.headline)} |")


def _findings(findings: trust.Findings | None) -> list[str]:
    if findings is None:
        return []
    lines = findings.lines()
    if not lines:
        return []
    return ["**Files that are not as shipped** (the grading used the shipped versions, never these):", "",
            *(f"- {markdown_cell(line, limit=300)}" for line in lines), ""]


def _detail(row: Row, limit: int) -> str:
    return (f"<details>\n<summary>{row.number}. {row.name}: {row.outcome}, {row.tests_summary}</summary>\n\n"
            f"{fence(defuse(row.diagnosis(limit)))}\n\n</details>\n\n")
