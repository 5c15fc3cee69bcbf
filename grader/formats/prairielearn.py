"""`kata check --format prairielearn`: the results.json of PrairieLearn's external grading.

The grader container reads the student's files in /grade/student/ and writes
/grade/results/results.json: `gradable`, a `score` from 0 to 1, a `message`, and one test per
exercise with its `points`, `max_points`, a one-line `message` and the whole diagnosis as `output`.
A run in which the grading checked no exercise at all is not gradable (`gradable: false`, which
does not use up the student's attempt). Points come from the results model; the file stays far
below PrairieLearn's 1 MB.
"""
from __future__ import annotations

from grader.engine import trust
from grader.formats.rows import NOT_GRADED, Row, rows
from grader.results import PARTIAL_CREDIT_RULE, ExerciseResult, earned, possible

OUTPUT_CHARS = 8000


def test_entry(row: Row) -> dict:
    return {
        "name": row.name,
        "description": f"{row.topic}: {row.tests_summary}",
        "points": row.score,
        "max_points": row.points,
        "message": row.headline if not row.passed else "",
        "output": "" if row.passed else f"{row.outcome}\n\n{row.diagnosis(OUTPUT_CHARS)}",
    }


def results_document(results: list[ExerciseResult], findings: trust.Findings | None = None) -> dict:
    all_rows = rows(results)
    points, out_of = earned(results), possible(results)
    passed = sum(r.passed for r in results)
    graded = [row for row in all_rows if row.graded]
    lines = [f"asyncio kata: {points} / {out_of} points, {passed} of {len(results)} exercises pass."]
    lines += [f"{row.name}: {NOT_GRADED} ({row.headline})" for row in all_rows if not row.graded]
    lines += [*(findings.lines() if findings else []), PARTIAL_CREDIT_RULE]
    document: dict = {
        "gradable": bool(graded),
        "score": points / out_of if out_of else 0.0,
        "message": "\n".join(lines),
        "tests": [test_entry(row) for row in all_rows],
    }
    if not graded:
        document["format_errors"] = ["The grader could not check any exercise; this attempt was not used up."]
    return document
