"""`kata check --format gradescope`: the results.json of a Gradescope autograder.

Gradescope runs the autograder's `run_autograder` (written by `kata export --for gradescope`) once per
submission and reads /autograder/results/results.json: a score and one test per exercise, with its
points, its outcome and the diagnosis in the test's `output`. Every text is plain text
(`output_format: "text"`), so nothing a student prints becomes HTML or Markdown; `score` and
`max_score` come from the results model.
"""
from __future__ import annotations

from grader.engine import trust
from grader.formats.rows import NOT_GRADED, Row, count_not_graded, rows
from grader.results import PARTIAL_CREDIT_RULE, ExerciseResult, earned, possible

OUTPUT_CHARS = 8000  # one test's output: Gradescope shows it on the student's results page


def test_entry(row: Row) -> dict:
    output = f"{row.outcome}: {row.tests_summary}"
    if not row.passed:
        output += "\n\n" + row.diagnosis(OUTPUT_CHARS)
    return {
        "name": row.name,
        "number": str(row.number),
        "score": row.score,
        "max_score": row.points,
        "status": "passed" if row.passed else "failed",
        "output": output,
        "output_format": "text",
        "tags": [row.topic],
        "visibility": "visible",
    }


def overall_output(results: list[ExerciseResult], findings: trust.Findings | None) -> str:
    passed = sum(r.passed for r in results)
    lines = [f"asyncio kata: {earned(results)} / {possible(results)} points, {passed} of {len(results)} "
             "exercises pass."]
    not_graded = count_not_graded(results)
    if not_graded:
        lines.append(f"{not_graded} exercise(s) {NOT_GRADED}: the grading did not check them (see each one).")
    if findings is not None:
        lines += findings.lines()
    lines.append(PARTIAL_CREDIT_RULE)
    return "\n".join(lines)


def results_document(results: list[ExerciseResult], findings: trust.Findings | None = None,
                     execution_time: float = 0.0) -> dict:
    return {
        "score": earned(results),
        "execution_time": round(execution_time),
        "output": overall_output(results, findings),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [test_entry(row) for row in rows(results)],
    }
