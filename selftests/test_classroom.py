"""`kata check --format classroom` (legacy): the result the grading reporter reads, and the step summary."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from grader import catalog as catalog_module
from grader import results
from grader.formats import classroom as classroom_format
from grader.formats.markdown_report import report
from grader.formats.text import defuse, markdown_cell
from grader.results import ExerciseResult, Status
from selftests.assignment import (
    assignment_copy,
    classroom,
    commit,
    export,
    solution,
    write_exercise,
)

NAMES = ("greet", "say_after", "gather_squares", "completion_order")
TEST_KEYS = {"name": str, "status": str, "score": int, "message": str, "test_code": str, "filename": str,
             "line_no": int, "duration": (int, float)}

PASS, FAIL, ERROR, TIMEOUT, SKIPPED = Status.PASS, Status.FAIL, Status.ERROR, Status.TIMEOUT, Status.SKIPPED


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One graded run of a student's repository: a pass, partial credit, a wrong type, a crash."""
    base = tmp_path_factory.mktemp("classroom")
    student = assignment_copy(export(base / "template", *NAMES), base / "student")
    write_exercise(student, "greet", 'async def greet(name):\n    return "Hello, Ada!"\n')  # 2 of 3 tests
    write_exercise(student, "say_after", solution("say_after"))
    write_exercise(student, "gather_squares", solution("gather_squares").replace(
        "return await asyncio.gather(*(slow_square(n) for n in numbers))",
        "await asyncio.gather(*(slow_square(n) for n in numbers))\n    raise ValueError('a|b <c> `d` *e*')"))
    write_exercise(student, "completion_order", "import os\nos._exit(3)\n")  # a crash at import
    commit(student)
    output, summary = base / "github_output", base / "step_summary"
    payload, run = classroom(student, env={"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)})
    catalog = catalog_module.load(student)
    return payload, run, output.read_text(), summary.read_text(), catalog


def test_github_output_holds_the_reporters_result(graded):
    payload, run, output, _, catalog = graded
    assert run.returncode == 1
    lines = output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("result=")
    result = json.loads(base64.b64decode(lines[0].removeprefix("result="), validate=True))
    assert result == payload, "GITHUB_OUTPUT and stdout tell the same result"

    # What autograding-grading-reporter@v1 reads: version, status, max_score, tests[].score/status.
    assert result["version"] == 1 and result["status"] in ("pass", "fail", "error")
    points = {e.name: e.points for e in catalog.exercises}
    assert isinstance(result["max_score"], int) and result["max_score"] == sum(points.values())
    assert [t["name"] for t in result["tests"]] == list(NAMES), "one entry per exercise, in catalog order"
    for test in result["tests"]:
        assert set(test) == set(TEST_KEYS)
        for key, kind in TEST_KEYS.items():
            assert isinstance(test[key], kind), (key, test)
        assert test["status"] in ("pass", "fail", "error")
        assert 0 <= test["score"] <= points[test["name"]]
        assert test["test_code"] == f"kata check {test['name']}"
        assert test["filename"].startswith("exercises/") and test["filename"].endswith(f"/{test['name']}.py")

    by_name = {t["name"]: t for t in result["tests"]}
    assert (by_name["greet"]["status"], by_name["greet"]["score"]) == ("fail", 3), "5 points x 2/3, rounded down"
    assert (by_name["say_after"]["status"], by_name["say_after"]["score"]) == ("pass", 10)
    assert by_name["gather_squares"]["status"] == "fail" and by_name["gather_squares"]["score"] < 10
    assert (by_name["completion_order"]["status"], by_name["completion_order"]["score"]) == ("error", 0)
    assert "without reporting its results" in by_name["completion_order"]["message"]
    # The reporter's own arithmetic: points = sum of scores; status "fail" fails the job.
    assert sum(t["score"] for t in result["tests"]) == 13 + by_name["gather_squares"]["score"]
    assert result["status"] == "fail"


def test_step_summary_is_a_valid_markdown_report(graded):
    payload, _, _, summary, catalog = graded
    earned = sum(t["score"] for t in payload["tests"])
    assert summary.startswith(f"## asyncio kata: {earned} / {payload['max_score']} points\n")
    assert "1 of 4 exercises pass" in summary

    markdown = MarkdownIt("commonmark").enable("table")
    tokens = markdown.parse(summary)
    assert sum(t.type == "table_open" for t in tokens) == 1
    rows, row = [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:  # a cell: its text as a reader sees it
            row.append("".join(child.content for child in token.children or []))
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    header, *body = rows
    assert header == ["#", "Exercise", "Result", "Points", "Tests", "First diagnosis"]
    assert len(body) == len(NAMES), "one row per exercise"
    assert all(len(cells) == 6 for cells in body), "learner text never breaks the table"
    by_name = {cells[1]: cells for cells in body}
    assert set(by_name) == set(NAMES)
    for test in payload["tests"]:
        cells = by_name[test["name"]]
        assert cells[3] == f"{test['score']} / {catalog.get(test['name']).points}"
        assert test["status"] in cells[2]
        if test["status"] == "pass":
            assert cells[5] == ""
        else:  # the first line of the diagnosis, as the reader sees it
            first = test["message"].split(": ", 1)[1].splitlines()[0]
            assert cells[5] == " ".join(first.split())[:159].rstrip() or cells[5].startswith(first[:100]), cells
    assert all(re.fullmatch(r"\d+/\d+", cells[4]) for cells in body), "tests passed / tests"
    assert "a|b <c> `d` *e*" in by_name["gather_squares"][5], "the learner's text, escaped, reads as written"
    assert "<c>" not in markdown.render(summary), "no raw HTML from learner text"


def test_partial_credit_rounds_down_and_crashes_score_zero():
    catalog = catalog_module.load(Path(__file__).resolve().parent.parent)
    exercise = catalog.get("greet")  # 5 points

    def result(status, *tests):
        tests = [results.TestResult(f"t{i}", s) for i, s in enumerate(tests)]
        return ExerciseResult(exercise, status, "message", tests)

    assert result(PASS, PASS, PASS, PASS).score == 5
    assert result(FAIL, PASS, PASS, FAIL).score == 3
    assert result(FAIL, PASS, FAIL, FAIL).score == 1
    assert result(FAIL, FAIL, FAIL, FAIL).score == 0
    assert result(FAIL, PASS, PASS, PASS, PASS, SKIPPED).score == 4, "a skipped test does not pass"
    assert result(TIMEOUT, PASS, PASS, TIMEOUT).score == 0
    assert result(ERROR, PASS, PASS, ERROR).score == 0
    assert ExerciseResult(exercise, ERROR, "no tests ran").score == 0


def test_learner_text_is_defused_and_escaped():
    assert defuse("::notice::x\n  ::error::y\nok::fine") == ":\u200b:notice::x\n  :\u200b:error::y\nok::fine"
    assert "##[" not in defuse("a ##[error]b")
    cell = markdown_cell("a | b\nc <script> `x` *y* [l](u)")
    assert "\n" not in cell and "\\|" in cell and "<script>" not in cell and "\\`" in cell


def test_summary_of_an_empty_selection_is_still_markdown():
    assert "0 of 0 exercises pass" in report([])


def long_diagnoses(count: int) -> list[ExerciseResult]:
    """`count` exercises that fail with very long diagnoses, emoji all through (12 bytes each in JSON)."""
    catalog = catalog_module.load(Path(__file__).resolve().parent.parent)
    message = "Wrong answer 💥🙈 " * 2000
    return [ExerciseResult(exercise, FAIL, message, [results.TestResult("t", FAIL, message)])
            for exercise in catalog.exercises[:count]]


@pytest.mark.parametrize("count", [5, 39])
def test_the_reporters_result_fits_in_an_environment_variable(count):
    failing = long_diagnoses(count)
    uncapped = classroom_format.encoded(classroom_format.result_json(failing, message_chars=10**9))
    assert len(uncapped) > 128 * 1024, "without the cap this result would keep the reporter from starting"
    payload, text = classroom_format.fitting_result(failing)
    assert len(f"KATA_RESULTS={text}".encode()) < 128 * 1024
    assert json.loads(base64.b64decode(text)) == payload
    assert [t["name"] for t in payload["tests"]] == [r.exercise.name for r in failing], "every exercise kept"
    assert all("Wrong answer" in t["message"] for t in payload["tests"]), "each keeps the start of its diagnosis"
