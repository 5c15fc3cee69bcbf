"""Gradescope, PrairieLearn and plain CI: each graded format checked against its platform's documented
format, and the Classroom 50 autograder's own checks, one by one.

Gradescope (gradescope-autograders.readthedocs.io, "Autograder Specifications"): the zip holds
setup.sh and run_autograder at its root; /autograder/results/results.json has an optional `score`,
`execution_time`, `output`, `visibility`, `stdout_visibility` and `tests`, each with `score`,
`max_score`, `name`, `output`, `visibility`. The test runs the exported zip's scripts in a folder
standing for /autograder (KATA_AUTOGRADER_ROOT), as Gradescope would.

PrairieLearn (external grading): /grade/results/results.json with `gradable`, `score` from 0 to 1,
`message` and `tests`, each with `name`, `points`, `max_points`, `message`, `output`; at most 1 MB.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from grader import catalog as catalog_module
from grader.formats import classroom50, gradescope, markdown_report
from grader.results import ExerciseResult, Status, TestResult
from selftests.assignment import solution, stub
from selftests.conftest import ROOT, run_kata
from selftests.platforms import strict_json

NAMES = ("greet", "await_chain", "say_after", "gather_squares")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                  "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
                   "visibility", "extra_data"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def gradescope_problems(results: dict, points: dict[str, int]) -> list[str]:
    problems = [f"unknown key {k}" for k in set(results) - GRADESCOPE_TOP]
    tests = results["tests"]
    problems += [f"unknown test key {k}" for t in tests for k in set(t) - GRADESCOPE_TEST]
    if {t["name"] for t in tests} != set(points) or any(t["max_score"] != points[t["name"]] for t in tests):
        problems.append("one test per exercise, worth its points")
    if any(not 0 <= t["score"] <= t["max_score"] for t in tests) or results["score"] != sum(t["score"] for t in tests):
        problems.append("scores")
    if any(t["visibility"] not in VISIBILITY or t["status"] not in ("passed", "failed") for t in tests):
        problems.append("visibility or status")
    if results["visibility"] not in VISIBILITY or results["stdout_visibility"] not in VISIBILITY:
        problems.append("top-level visibility")
    if {results["output_format"], *(t["output_format"] for t in tests)} != {"text"}:
        problems.append("learner text must be shown as plain text")
    return problems


# --- Gradescope: the exported zip, run as Gradescope runs it --------------------------------------

@pytest.fixture(scope="module")
def gradescope_root(tmp_path_factory):
    dest = tmp_path_factory.mktemp("gs") / "export"
    run = run_kata("export", str(dest), "--for", "gradescope", "--exercises", ",".join(NAMES), "--python", PYTHON,
                   timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    root = dest.parent / "autograder"
    with zipfile.ZipFile(dest / "gradescope" / "autograder.zip") as archive:
        names = archive.namelist()
        assert {"setup.sh", "run_autograder"} <= set(names), "both scripts at the root of the zip"
        for info in archive.infolist():
            archive.extract(info, root / "source")
            mode = info.external_attr >> 16
            if mode & stat.S_IXUSR:
                os.chmod(root / "source" / info.filename, 0o755)
    assert not any(n.startswith(("solutions/", "exercises/")) or re.search(r"/(right|wrong)_[^/]*\.py$", n)
                   for n in names)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root / "source", capture_output=True,
                           text=True, timeout=600, env={**os.environ, "KATA_AUTOGRADER_ROOT": str(root),
                                                        "KATA_PYTHON": sys.executable})
    assert setup.returncode == 0, setup.stdout + setup.stderr
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")  # Gradescope's image build does this
    return dest, root


def run_gradescope(root: Path, files: dict[str, str]) -> dict:
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    for relative, text in files.items():
        (submission / relative).parent.mkdir(parents=True, exist_ok=True)
        (submission / relative).write_text(text)
    run = subprocess.run([str(root / "run_autograder")], cwd=root, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "KATA_AUTOGRADER_ROOT": str(root)})
    assert run.returncode == 0, run.stdout + run.stderr
    return strict_json((root / "results" / "results.json").read_text())


def points_of(names) -> dict[str, int]:
    catalog = catalog_module.load(ROOT)
    return {name: catalog.get(name).points for name in names}


def test_gradescope_grades_files_uploaded_one_by_one(gradescope_root):
    _, root = gradescope_root
    results = run_gradescope(root, {"greet.py": solution("greet"), "say_after.py": solution("say_after"),
                                    "gather_squares.py": stub("gather_squares"), "notes.txt": "hello"})
    assert gradescope_problems(results, points_of(NAMES)) == []
    by_name = {t["name"]: t for t in results["tests"]}
    assert (by_name["greet"]["score"], by_name["say_after"]["score"]) == (5, 10)
    assert by_name["gather_squares"]["score"] == 0 and "not written yet" in by_name["gather_squares"]["output"]
    assert "await_chain.py is missing" in by_name["await_chain"]["output"]
    assert results["score"] == 15 and "Partial credit" in results["output"]


def test_gradescope_grades_a_repository_upload_and_names_protected_changes(gradescope_root):
    dest, root = gradescope_root
    files = {str(p.relative_to(dest / "template")): p.read_text() for p in (dest / "template").rglob("*")
             if p.is_file() and p.suffix in (".py", ".toml", ".json", ".md")}
    files["exercises/01_coroutines/greet.py"] = solution("greet")
    files["tests/01_coroutines/test_await_chain.py"] = "def test_anything():\n    pass\n"
    results = run_gradescope(root, files)
    assert gradescope_problems(results, points_of(NAMES)) == []
    assert {t["name"]: t["score"] for t in results["tests"]} == {"greet": 5, "await_chain": 0, "say_after": 0,
                                                                   "gather_squares": 0}
    assert "Protected file changed: tests/01_coroutines/test_await_chain.py" in results["output"]


def test_gradescope_document_from_the_results_model():
    catalog = catalog_module.load(ROOT)
    tests = [TestResult("a", Status.PASS), TestResult("b", Status.FAIL), TestResult("c", Status.FAIL)]
    results = [ExerciseResult(catalog.get("greet"), Status.FAIL, "<b>wrong</b>\nline 2", tests),
               ExerciseResult(catalog.get("say_after"), Status.PASS, "", [TestResult("a", Status.PASS)])]
    document = gradescope.results_document(results, execution_time=3.4)
    assert gradescope_problems(document, points_of(["greet", "say_after"])) == []
    assert [t["score"] for t in document["tests"]] == [1, 10], "5 points x 1/3, rounded down; a pass earns all"
    assert document["execution_time"] == 3 and "<b>wrong</b>" in document["tests"][0]["output"], "plain text, as is"


# --- PrairieLearn ---------------------------------------------------------------------------------

def prairielearn_problems(document: dict) -> list[str]:
    problems = []
    if type(document["gradable"]) is not bool or not isinstance(document["message"], str):
        problems.append("gradable / message")
    if not isinstance(document["score"], float) or not 0.0 <= document["score"] <= 1.0:
        problems.append("score must be a number from 0 to 1")
    for test in document["tests"]:
        if not {"name", "points", "max_points", "message", "output"} <= set(test):
            problems.append(f"test keys {sorted(test)}")
        elif not 0 <= test["points"] <= test["max_points"]:
            problems.append(f"points of {test['name']}")
    total = sum(t["max_points"] for t in document["tests"])
    if total and abs(document["score"] - sum(t["points"] for t in document["tests"]) / total) > 1e-9:
        problems.append("score is not points / max_points")
    if len(json.dumps(document).encode()) > 1_000_000:
        problems.append("over 1 MB")
    return problems


@pytest.fixture(scope="module")
def pl_question(tmp_path_factory):
    """A PrairieLearn question's files: the assignment as shipped (/grade/tests), the student's files."""
    base = tmp_path_factory.mktemp("pl")
    run = run_kata("export", str(base / "tests"), "--exercises", ",".join(NAMES))
    assert run.returncode == 0, run.stderr
    student = base / "student"
    student.mkdir()
    (student / "greet.py").write_text(solution("greet"))
    (student / "gather_squares.py").write_text(solution("gather_squares").replace("n * n", "n + n"))
    return base


def test_prairielearn_results_from_the_students_files(pl_question):
    out = pl_question / "results" / "results.json"
    run = run_kata("check", "--format", "prairielearn", "--pristine", str(pl_question / "tests"), "--dir",
                   str(pl_question / "student"), "--out", str(out), cwd=pl_question)  # like /grade: tests/, student/
    assert run.returncode == 1, run.stderr
    document = strict_json(out.read_text())
    assert prairielearn_problems(document) == []
    by_name = {t["name"]: t for t in document["tests"]}
    assert document["gradable"] is True and by_name["greet"]["points"] == 5
    assert "Protected" not in document["message"], "/grade is no copy of the kata: nothing to compare"
    assert 0 < by_name["gather_squares"]["points"] < 10 or by_name["gather_squares"]["points"] == 0
    assert by_name["gather_squares"]["message"] and by_name["gather_squares"]["output"].startswith("fail")
    assert document["score"] == pytest.approx(sum(t["points"] for t in document["tests"]) / 30)


def test_prairielearn_run_out_of_time_is_not_gradable(pl_question, tmp_path):
    for name in NAMES:  # every file there, so that nothing is decided before any check runs
        (tmp_path / f"{name}.py").write_text(solution(name))
    run = run_kata("check", "--format", "prairielearn", "--pristine", str(pl_question / "tests"), "--dir",
                   str(tmp_path), "--time-limit", "0.01", cwd=tmp_path)
    document = strict_json(run.stdout)
    assert prairielearn_problems(document) == []
    assert document["gradable"] is False and document["format_errors"], "the student keeps the attempt"
    assert all(t["points"] == 0 and "not graded" in t["output"] for t in document["tests"])
    assert all("ran out of time" in t["message"] for t in document["tests"])


# --- Plain CI: JUnit and the step summary -----------------------------------------------------------

def test_ci_format_writes_junit_with_points_and_a_step_summary(pl_question, tmp_path):
    summary = tmp_path / "summary.md"
    (tmp_path / "kata" / "01_coroutines").mkdir(parents=True)
    (tmp_path / "kata" / "01_coroutines" / "greet.py").write_text(solution("greet"))
    run = run_kata("check", "--format", "ci", "--pristine", str(pl_question / "tests"), "--dir",
                   str(tmp_path / "kata"), "--out", str(tmp_path / "junit.xml"), cwd=tmp_path,
                   env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 1, run.stderr
    suites = ET.parse(tmp_path / "junit.xml").getroot()
    points = {suite.get("name").split(".")[1]: {p.get("name"): int(p.get("value")) for p in suite.iter("property")}
              for suite in suites}
    assert set(points) == set(NAMES) and points["greet"] == {"points": 5, "max-points": 5}
    assert points["await_chain"] == {"points": 0, "max-points": 5}
    assert summary.read_text().startswith("## asyncio kata: ")


# --- The Classroom 50 format and the autograder's own checks -------------------------------------------

def load_autograder():
    path = ROOT / "grader" / "teacher" / "platform_files" / "classroom50_autograder.py"
    spec = importlib.util.spec_from_file_location("classroom50_autograder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def many_results() -> list[ExerciseResult]:
    """Every exercise of the kata failing with a long diagnosis full of markup, emoji and commands."""
    catalog = catalog_module.load(ROOT)
    message = ("::error::x <script>alert(1)</script> | **b** ``` @octocat http://x.y 💥\n" * 400)
    return [ExerciseResult(e, Status.FAIL, message, [TestResult("a", Status.PASS), TestResult("b", Status.FAIL)])
            for e in catalog.exercises]


def test_release_body_stays_far_below_githubs_limit():
    body = markdown_report.report(many_results())
    assert len(body) <= markdown_report.LIMIT < 125_000
    assert body.count("<details>") == len(catalog_module.load(ROOT).exercises), "every diagnosis, shortened"
    table = [line for line in body.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(catalog_module.load(ROOT).exercises)
    assert not [line for line in table if "@octocat" in line or "<script>" in line or "http://" in line]


def test_status_and_summary_fit_a_commit_status():
    status, summary = classroom50.status_and_summary(many_results())
    assert status == "failure" and "\n" not in summary and len(summary) <= 140
    catalog = catalog_module.load(ROOT)
    passing = [ExerciseResult(e, Status.PASS, "", [TestResult("a", Status.PASS)]) for e in catalog.exercises]
    assert classroom50.status_and_summary(passing)[0] == "success"
    assert classroom50.status_and_summary([])[0] == "failure", "nothing graded is never a success"


def test_autograder_refuses_results_that_break_the_contract(tmp_path, monkeypatch):
    autograder = load_autograder()
    catalog = catalog_module.load(ROOT)
    monkeypatch.setenv("CLASSROOM", "cs-fall")
    monkeypatch.setenv("ASSIGNMENT", "asyncio-kata")
    monkeypatch.setattr(autograder, "KATA", ROOT)  # its catalog: every exercise of the kata
    results = [ExerciseResult(e, Status.FAIL, "x", [TestResult("a", Status.FAIL)]) for e in catalog.exercises]
    good = classroom50.result_document(results, classroom50.Submission.from_environment(os.environ))
    assert autograder.contract_problems(good) == []
    for broken in ({**good, "extra": 1}, {**good, "score": 1.0}, {**good, "score": True},
                   {**good, "classroom": "other"}, {**good, "tests": []}, {**good, "tests": good["tests"][::-1]},
                   {**good, "score": good["max-score"] + 1},
                   {**good, "tests": [{**good["tests"][0], "score": 99}, *good["tests"][1:]]}):
        assert autograder.contract_problems(broken), broken
    (tmp_path / "result.json").write_text('{"score": NaN}')
    with pytest.raises(autograder.CannotGrade):
        autograder.read_result(tmp_path / "result.json")


def test_autograder_fails_when_nothing_could_be_graded(tmp_path, monkeypatch):
    autograder = load_autograder()
    catalog = catalog_module.load(ROOT)
    monkeypatch.setattr(autograder, "KATA", ROOT)
    monkeypatch.chdir(tmp_path)
    not_graded = [ExerciseResult(e, Status.NOT_RUN, "Not graded: out of time") for e in catalog.exercises]
    out = tmp_path / "out"
    classroom50.publish(not_graded, _findings(), out)
    with pytest.raises(autograder.CannotGrade, match="No exercise could be graded"):
        autograder.publish(out)
    assert not (tmp_path / "result.json").exists(), "no result: the runner reports an error, never a silent zero"


def test_autograder_hides_the_jobs_outputs_and_secrets(monkeypatch):
    autograder = load_autograder()
    for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN",
                 "ACTIONS_ID_TOKEN_REQUEST_URL", "SECRET", "MY_API_TOKEN", "PYTHONPATH", "PYTHONSTARTUP"):
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("GITHUB_WORKSPACE", "/w")
    env = autograder.clean_environment()
    assert not {"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "SECRET", "MY_API_TOKEN", "PYTHONPATH", "PYTHONSTARTUP"} & set(env)
    assert env["GITHUB_WORKSPACE"] == "/w" and env["PYTHONSAFEPATH"] == "1"


def _findings():
    from grader.engine import trust

    return trust.Findings(source="test")
