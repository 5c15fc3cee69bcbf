"""Classroom 50: the exported bundle, run the way Classroom 50's runner runs it.

The module exports an assignment of eight exercises (`kata export --for classroom50`, wheels for the
Python running these tests), packs the autograder folder as the Pages publisher does (a tar.gz whose
members are `asyncio-kata/...`), extracts it into a temporary RUNNER_TEMP as the runner does, and
for each case builds a student repository from the template (template commit, accept commit, work
commit) and runs `python autograder.py` in it with the runner's environment. Every result.json is
checked with an independent validator of the published contract (selftests.platforms).

The first case installs the bundle for real (a fresh virtual environment, offline, hashes checked);
the others reuse one prepared environment (`autograder.py --prepare`, KATA_AUTOGRADER_VENV) to
keep the module fast.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from markdown_it import MarkdownIt

from grader import catalog as catalog_module
from grader.engine import trust
from grader.results import ExerciseResult, Status, TestResult
from grader.teacher import platforms
from selftests.assignment import solution, stub
from selftests.conftest import ROOT, run_kata
from selftests.platforms import (
    ASSIGNMENT,
    CLASSROOM,
    ENDLESS,
    EXITS,
    FAKE_TOKEN,
    NOISY,
    SNOOPER,
    contract_problems,
    extract_like_runner,
    publish_like_pages,
    run_like_runner,
    strict_json,
    student_checkout,
    unstopped_commands,
)

EXERCISES = ("greet", "await_chain", "missing_await", "run_sync", "say_after", "gather_squares", "red_blue_green",
             "offload_blocking")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
POINTS = {e.name: e.points for e in catalog_module.load(ROOT).exercises if e.name in EXERCISES}
ALL_SOLVED = {name: solution(name) for name in EXERCISES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("c50") / "export"
    run = run_kata("export", str(dest), "--for", "classroom50", "--classroom", CLASSROOM, "--assignment", ASSIGNMENT,
                   "--exercises", ",".join(EXERCISES), "--python", PYTHON, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


@pytest.fixture(scope="module")
def runner(exported, tmp_path_factory):
    """The bundle as the runner has it: published as a tar.gz, extracted under RUNNER_TEMP."""
    runner_temp = tmp_path_factory.mktemp("runner_temp")
    tarball = publish_like_pages(exported / "classroom50" / CLASSROOM / "autograders" / ASSIGNMENT)
    return extract_like_runner(tarball, runner_temp), runner_temp, len(tarball)


@pytest.fixture(scope="module")
def solved(exported, runner, tmp_path_factory):
    """Every exercise solved, graded with the real install path (no prepared environment)."""
    bundle, runner_temp, _ = runner
    checkout = student_checkout(exported / "template", tmp_path_factory.mktemp("solved") / "repo", ALL_SOLVED)
    return run_like_runner(bundle, checkout, runner_temp)


@pytest.fixture(scope="module")
def venv(runner, tmp_path_factory):
    bundle, _, _ = runner
    target = tmp_path_factory.mktemp("venv") / "kata"
    run = subprocess.run([sys.executable, str(bundle / "autograder.py"), "--prepare", str(target)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return target


def grade(exported, runner, venv, tmp_path, exercises, extra=None):
    bundle, runner_temp, _ = runner
    checkout = student_checkout(exported / "template", tmp_path / "repo", exercises, extra=extra)
    return run_like_runner(bundle, checkout, runner_temp, venv=venv), checkout


def test_solutions_get_full_marks_and_success(solved):
    assert solved.returncode == 0, solved.log
    assert contract_problems(solved.result) == []
    assert [row["test-name"] for row in solved.result["tests"]] == list(EXERCISES), "catalog order"
    assert solved.scores == POINTS and solved.result["score"] == solved.result["max-score"] == sum(POINTS.values())
    assert all(row["passed"] and row["status"] == "pass" for row in solved.result["tests"])
    assert solved.output("status") == "success"
    assert solved.output("summary") == f"asyncio kata: {sum(POINTS.values())}/{sum(POINTS.values())} points, " \
                                       f"{len(EXERCISES)} of {len(EXERCISES)} exercises pass"
    assert "installed the kata in" in solved.log, "the real install path ran"
    assert "Files that are not as shipped" not in solved.body, "an untouched repository has no protected changes"
    assert solved.summary_file == "", "the runner, not the autograder, mirrors the body to the step summary"


def test_stubs_get_zero_and_failure(exported, runner, venv, tmp_path):
    graded, _ = grade(exported, runner, venv, tmp_path, {})
    assert graded.returncode == 0, graded.log
    assert contract_problems(graded.result) == []
    assert graded.result["score"] == 0 and graded.result["max-score"] == sum(POINTS.values())
    assert set(graded.statuses.values()) == {"fail"}
    assert graded.output("status") == "failure"
    assert "Files that are not as shipped" not in graded.body


def test_a_mix_gets_the_same_points_as_kata_check(exported, runner, venv, tmp_path):
    work = {"greet": solution("greet"), "say_after": solution("say_after"),
            "await_chain": solution("await_chain").replace("return f\"{", "return f\"x{"),
            "gather_squares": solution("gather_squares"), "offload_blocking": solution("offload_blocking")}
    graded, checkout = grade(exported, runner, venv, tmp_path, work)
    assert graded.returncode == 0 and contract_problems(graded.result) == []

    # The learner's own `kata check` on the same files: points from the same results model.
    local = run_kata("check", "--format", "json", cwd=checkout)
    report = json.loads(local.stdout)
    catalog = catalog_module.load(checkout)
    expected = {}
    for entry in report["exercises"]:
        tests = [TestResult(t["name"], Status(t["status"])) for t in entry["tests"]]
        expected[entry["name"]] = ExerciseResult(catalog.get(entry["name"]), Status(entry["status"]), "", tests).score
    assert graded.scores == expected
    assert 0 < graded.result["score"] < graded.result["max-score"]
    assert graded.output("status") == "failure"


def test_hostile_exercises_fail_only_their_own_rows(exported, runner, venv, tmp_path):
    work = {"greet": solution("greet"), "say_after": solution("say_after"),
            "offload_blocking": solution("offload_blocking"), "await_chain": stub("await_chain") + "\n\n" + ENDLESS,
            "missing_await": EXITS, "run_sync": NOISY, "red_blue_green": SNOOPER}
    graded, checkout = grade(exported, runner, venv, tmp_path, work)
    assert graded.returncode == 0, graded.log
    assert contract_problems(graded.result) == []
    assert graded.scores == {"greet": 5, "await_chain": 0, "missing_await": 0, "run_sync": 0, "say_after": 10,
                             "gather_squares": 0, "red_blue_green": 0, "offload_blocking": 10}
    assert graded.statuses["await_chain"] == "timeout"
    assert graded.statuses["missing_await"] == "error" and graded.statuses["run_sync"] == "error"
    assert graded.output("status") == "failure"

    # Nothing the student's code did outlives the grading or reaches the job.
    time.sleep(1.5)
    assert strict_json((checkout / "result.json").read_text()) == graded.result, "a daemon rewrote the result"
    assert "445 / 445" not in (checkout / "release-body.md").read_text()
    for text in (graded.log, graded.body, json.dumps(graded.result), graded.outputs):
        assert FAKE_TOKEN not in text and "capabilitysecret" not in text
    assert "forged" not in graded.outputs and graded.outputs.count("status=") == 1
    assert unstopped_commands(graded.log) == [], "a student's :: line ran as a workflow command"
    assert len(graded.log) < 200_000, "megabytes of student output never reach the log"
    check_body_is_inert(graded.body, graded.result)


def check_body_is_inert(body: str, result: dict) -> None:
    """The Release body: a row per exercise, a <details> per failure, and no student HTML or Markdown."""
    assert len(body) < 100_000
    markdown = MarkdownIt("commonmark").enable("table")
    html = markdown.render(body)
    assert "<script" not in html and "<img" not in html and "<a " not in html, "student text became HTML"
    assert "<strong>bold" not in html and "<summary>owned" not in html
    tokens = markdown.parse(body)
    assert sum(t.type == "tr_open" for t in tokens) == 1 + len(result["tests"]), "a header and a row per exercise"
    assert sum(t.type == "td_open" for t in tokens) == 6 * len(result["tests"]), "student text never breaks the table"
    failing = sum(not row["passed"] for row in result["tests"])
    assert html.count("<details>") == html.count("</details>") == failing, "one folded diagnosis per failure"
    assert "Partial credit" in body


def test_edited_tests_conftest_and_a_fake_result_change_nothing(exported, runner, venv, tmp_path):
    cheat = "def test_anything():\n    pass\n"
    conftest = ("import pytest\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
                "    outcome = yield\n    outcome.get_result().outcome = 'passed'\n")
    fake = json.dumps({"schema": "classroom50/result/v1", "score": 999, "max-score": 999, "tests": []})
    extra = {"tests/01_coroutines/test_greet.py": cheat, "conftest.py": conftest, "tests/conftest.py": conftest,
             "exercises/conftest.py": conftest, "result.json": fake, "release-body.md": "# 999 / 999\n"}
    graded, checkout = grade(exported, runner, venv, tmp_path, {"say_after": solution("say_after")}, extra)
    assert graded.returncode == 0 and contract_problems(graded.result) == []
    assert graded.scores == {name: (10 if name == "say_after" else 0) for name in EXERCISES}
    assert "999" not in (checkout / "result.json").read_text()
    for name in ("tests/01\\_coroutines/test\\_greet.py", "tests/conftest.py", "exercises/conftest.py"):
        assert name in graded.body, name
    assert graded.output("summary").endswith(", protected files changed")


def test_the_bundle_is_public_safe_and_small(exported, runner, tmp_path):
    _, _, tarball_size = runner
    assert tarball_size < platforms.BUNDLE_LIMIT
    # The whole kata's bundle: the same wheels, with every suite and the whole catalog.
    whole = tmp_path / ASSIGNMENT
    shutil.copytree(exported / "classroom50" / CLASSROOM / "autograders" / ASSIGNMENT / "wheels", whole / "wheels")
    for name in trust.protected_files(ROOT):
        (whole / "kata" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, whole / "kata" / name)
    assert platforms.compressed_size(whole) < platforms.BUNDLE_LIMIT
    autograder = exported / "classroom50" / CLASSROOM / "autograders" / ASSIGNMENT
    assert not [p for p in autograder.rglob("*") if p.is_symlink()]
    names = {p.relative_to(autograder).as_posix() for p in autograder.rglob("*") if p.is_file()}
    assert {"autograder.py", "requirements.txt", "bundle.json", "kata/kata.toml", "kata/pyproject.toml",
            "kata/.kata/manifest.json"} <= names
    folders = {part for name in names for part in name.split("/")[:-1]}
    assert not folders & {"solutions", "variants", "exercises", "__pycache__"}, "no solution, variant, stub or cache"
    assert not [name for name in names if name.endswith((".pyc", ".pyo"))]
    assert not [name for name in names if re.search(r"(^|/)(right|wrong)_[^/]*\.py$", name)], "no known variant"
    solutions = {p.read_bytes() for p in (ROOT / "solutions").rglob("*.py")}
    for path in autograder.rglob("*"):
        if path.is_file():
            assert path.read_bytes() not in solutions, path
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                assert not any(wheel.read(member) in solutions for member in wheel.namelist()
                               if member.endswith(".py")), path.name
    # Every wheel is pinned with its hash, and the pristine copy is the template's protected files.
    requirements = (autograder / "requirements.txt").read_text()
    assert len(re.findall(r"(?m)^[a-z0-9-]+==\S+ --hash=sha256:[0-9a-f]{64}$", requirements)) == \
        len(list((autograder / "wheels").glob("*.whl")))
    manifest = strict_json((exported / "template/.kata/manifest.json").read_text())["files"]
    for name, entry in manifest.items():
        assert hashlib.sha256((autograder / "kata" / name).read_bytes()).hexdigest() == entry["sha256"], name


def test_the_template_has_no_workflow_and_says_how_to_submit(exported):
    template = exported / "template"
    assert not (template / ".github").exists(), "Classroom 50 writes the workflow; the template has none"
    readme = (template / "README.md").read_text()
    assert "gh student submit" in readme and "kata watch" in readme and "Releases" in readme
    teacher = (exported / "TEACHER.md").read_text()
    for step in (f"gh teacher assignment add ORG {CLASSROOM} {ASSIGNMENT}", "--template ORG/asyncio-kata",
                 f'{{"python": "{PYTHON}"}}', "--runtime runtime.json", f"cp -R classroom50/{CLASSROOM}/autograders",
                 "gh teacher download", "kata grade"):
        assert step in teacher, step
    assert "{" not in re.sub(r'\{"python": "[0-9.]+"\}', "", teacher.replace("${", "")), "every placeholder filled"
