"""The child process belongs to the kata: the caller's environment cannot break a check, and a check the
grader itself cannot run is a grader error (not graded, not the learner's fault, exit code 3), with
pytest's own words as the cause, in `kata check`, `kata check --format classroom` and `kata grade`.

The broken installation is real: a copy of the grader package whose runner asks pytest for a plugin
that is not installed, imported ahead of the installed one through PYTHONPATH (which the children
keep, since it is where the running grader comes from).
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from grader import catalog as catalog_module
from grader.engine import environment, verdict
from grader.engine.protocol import Event
from grader.results import GRADER_ERROR_EXIT, Status
from selftests.assignment import assignment_copy, commit, export, solution, write_exercise
from selftests.conftest import ROOT, run_kata
from selftests.submissions import make_class

MISSING_PLUGIN = "kata_missing_plugin"
# Each of these, reaching a check's child, used to break it or change what it checks.
HOSTILE_ENVIRONMENT = {
    "PYTEST_ADDOPTS": "-n 2 --cov --force-sugar -W error",
    "PYTEST_PLUGINS": MISSING_PLUGIN,
    "PYTHONWARNINGS": "error::DeprecationWarning",
    "PYTHONASYNCIODEBUG": "1",
    "PYTHONOPTIMIZE": "2",
    "COVERAGE_PROCESS_START": "/nonexistent/.coveragerc",
    "PYTHONBREAKPOINT": "os._exit",
}


def test_the_callers_pytest_and_python_settings_never_reach_a_check():
    run = run_kata("check", "--dir", "solutions", "greet", "say_after", "offload_blocking", "--format", "json",
                   env=HOSTILE_ENVIRONMENT)
    report = json.loads(run.stdout)
    assert run.returncode == 0, [e["message"] for e in report["exercises"]]


def test_which_variables_a_child_keeps():
    caller = {"HOME": "/home/ada", "PATH": "/usr/bin", "LANG": "C.UTF-8", "HTTPS_PROXY": "http://proxy:3128",
              "PYTHONHOME": "/opt/python", "PYTHONUSERBASE": "/u", "VIRTUAL_ENV": "/venv",
              "PYTEST_ADDOPTS": "-n 2", "PYTEST_XDIST_WORKER": "gw0", "PYTEST_CURRENT_TEST": "t", "PYTHONPATH": "/x",
              "PYTHONSTARTUP": "/s.py", "PYTHONINSPECT": "1", "PYTHON_GIL": "0", "COV_CORE_SOURCE": ".",
              "COVERAGE_PROCESS_START": "x", "KATA_RUNNER": "fork", "KATA_DIR": "/elsewhere", "FORCE_COLOR": "1",
              "GITHUB_OUTPUT": "/out", "PYTHONSAFEPATH": "1"}
    plain = environment.base(graded=False, caller=caller)
    assert {k: v for k, v in plain.items() if k not in environment.KATA_SETTINGS} == {
        "HOME": "/home/ada", "PATH": "/usr/bin", "LANG": "C.UTF-8", "HTTPS_PROXY": "http://proxy:3128",
        "PYTHONHOME": "/opt/python", "PYTHONUSERBASE": "/u", "VIRTUAL_ENV": "/venv", "GITHUB_OUTPUT": "/out"}
    graded = environment.base(graded=True, caller=caller)
    assert "GITHUB_OUTPUT" not in graded and graded["PYTHONSAFEPATH"] == "1"
    home = str(Path(__file__).resolve().parent.parent)
    assert environment.base(graded=False, caller={"PYTHONPATH": f"/x:{home}"})["PYTHONPATH"] == home, \
        "only the entry the running grader comes from"


# --- Verdicts: whose fault ----------------------------------------------------------------------

def interpret(records, returncode=4, output="", **fate):
    exercise = catalog_module.load(ROOT).get("greet")
    return verdict.interpret(exercise, records=records, output_tail=output,
                             fate=verdict.Fate(limit=30, returncode=returncode, **fate))


USAGE = ("ERROR: usage: pytest.main() [options] [file_or_dir] [file_or_dir] [...]\n"
         "pytest.main(): error: unrecognized arguments: -n\n  inifile: pyproject.toml\n")


def test_nothing_collected_is_never_the_learners_fault():
    for result in (interpret([], output=USAGE), interpret([], returncode=1, output="Traceback\nImportError: x"),
                   interpret([], returncode=-9), interpret([], timed_out=True, returncode=-9),
                   interpret([{"event": Event.COLLECTED.value, "ids": []},
                              {"event": Event.COLLECT_ERROR.value, "message": "ModuleNotFoundError: aiohttp"}])):
        assert result.status is Status.GRADER_ERROR and result.score == 0, result.message
        assert "os._exit" not in result.message and "not a problem with your code" in result.message
    assert "unrecognized arguments: -n" in interpret([], output=USAGE).message
    assert "ModuleNotFoundError: aiohttp" in interpret([{"event": Event.COLLECT_ERROR.value,
                                                         "message": "ModuleNotFoundError: aiohttp"}]).message


def test_an_internal_error_is_the_graders_and_a_death_after_collection_the_learners():
    ids = ["tests/01_coroutines/test_greet.py::test_a"]
    internal = interpret([{"event": "collected", "ids": ids}, {"event": "finished", "exitstatus": 3}],
                         returncode=3, output="INTERNALERROR> KeyError: 'x'")
    assert internal.status is Status.GRADER_ERROR and "KeyError: 'x'" in internal.message
    died = interpret([{"event": "collected", "ids": ids}], returncode=3)
    assert died.status is Status.ERROR and "os._exit()" in died.message
    forged = interpret([{"event": "collected", "ids": ids}, {"event": "test", "id": ids[0], "status": "grader error"},
                        {"event": "finished", "exitstatus": 1}], returncode=1)
    assert forged.status is Status.ERROR, "only the grader says it failed, never a child's record"



def test_passes_reported_for_another_suite_count_for_nothing():
    # What a check sees when something else wrote into its results: greet "passes" say_after's tests.
    ids = ["tests/02_concurrency/test_say_after.py::test_a"]
    result = interpret([{"event": "collected", "ids": ids}, {"event": "test", "id": ids[0], "status": "pass"},
                        {"event": "finished", "exitstatus": 0}], returncode=0)
    assert result.status is Status.GRADER_ERROR and result.score == 0, result.message
    assert "not in the suite of greet" in result.message

# --- A broken installation --------------------------------------------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, str]:
    """The environment that runs `kata` from a grader whose children need a plugin that is missing."""
    copy = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "grader", copy / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    runner_file = copy / "grader" / "engine" / "runner.py"
    source = runner_file.read_text()
    assert '"looptime_timeproxies")' in source
    runner_file.write_text(source.replace('"looptime_timeproxies")', f'"looptime_timeproxies", "{MISSING_PLUGIN}")'))
    return {"PYTHONPATH": str(copy), "PYTHONSAFEPATH": "1"}  # safe path: not the kata's own grader/ first


@pytest.mark.parametrize("runner_kind", ["fork", "spawn"])
def test_kata_check_reports_a_broken_install_as_a_grader_error(broken, runner_kind):
    run = run_kata("check", "--dir", "solutions", "greet", "say_after", "--format", "json",
                   env={**broken, "KATA_RUNNER": runner_kind})
    assert run.returncode == GRADER_ERROR_EXIT, run.stderr
    for exercise in json.loads(run.stdout)["exercises"]:
        assert exercise["status"] == "grader error"
        assert f'Error importing plugin "{MISSING_PLUGIN}"' in exercise["message"]
        assert "not a problem with your code" in exercise["message"] and "os._exit" not in exercise["message"]
    assert "GRADER ERROR: 2 exercise(s) could not be checked" in run.stderr

    text = run_kata("check", "--dir", "solutions", "greet", env={**broken, "KATA_RUNNER": runner_kind})
    assert text.returncode == GRADER_ERROR_EXIT
    assert "! greet" in text.stdout and "Not checked: the grader could not run the tests of greet" in text.stdout


def test_kata_grade_marks_grader_errors_and_exits_non_zero(broken, tmp_path):
    kata = export(tmp_path / "kata", "greet", "say_after")
    catalog = catalog_module.load(kata)
    make_class(tmp_path / "class", catalog, {"ada": ("folder", {"greet": "solution", "say_after": "stub"}),
                                             "bob": ("zip", {"greet": "syntax", "say_after": "solution"})})
    run = run_kata("grade", str(tmp_path / "class"), "--out", str(tmp_path / "grades.csv"), "--feedback",
                   str(tmp_path / "feedback"), cwd=kata, env=broken)
    assert run.returncode == GRADER_ERROR_EXIT, run.stdout + run.stderr
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [(r["student"], r["status"], r["total"]) for r in rows] == [("ada", "grader error", "0"),
                                                                       ("bob", "grader error", "0")]
    assert "GRADER ERROR: 4 exercise(s) of 2 submission(s) could not be checked" in run.stderr
    assert MISSING_PLUGIN in run.stderr
    feedback = (tmp_path / "feedback" / "ada.md").read_text()
    assert "Not graded yet" in feedback and "not a problem with your code" in feedback
    assert "| grader error |" in feedback and MISSING_PLUGIN in feedback


def test_a_graded_classroom_run_reports_a_broken_install(broken, tmp_path):
    student = assignment_copy(export(tmp_path / "template", "greet"), tmp_path / "student")
    write_exercise(student, "greet", solution("greet"))
    commit(student)
    run = run_kata("check", "--format", "classroom", cwd=student, env=broken)
    assert run.returncode == GRADER_ERROR_EXIT, run.stderr
    payload = json.loads(run.stdout)
    [test] = payload["tests"]
    assert payload["status"] == "error" and test["status"] == "error" and test["score"] == 0
    assert test["message"].startswith("grader error, no test ran: Not checked") and MISSING_PLUGIN in test["message"]
    assert "GRADER ERROR: not checked: greet" in run.stderr
