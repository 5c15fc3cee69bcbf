"""The GitHub workflows: valid for actionlint, and doing what the README promises.

actionlint comes with the kata (`pip install -e .`), as the `actionlint` command
next to the interpreter.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from selftests.conftest import ROOT, run_kata

WORKFLOWS = ROOT / ".github" / "workflows"
CLASSROOM, TESTS = WORKFLOWS / "classroom.yml", WORKFLOWS / "tests.yml"


def actionlint() -> str:
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail('actionlint is not installed: pip install -e .')
    return found


def lint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", *map(str, paths)], capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict) -> list[dict]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def test_both_workflows_pass_actionlint():
    run = lint(CLASSROOM, TESTS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(CLASSROOM.read_text().replace("steps.kata.outputs.result", "steps.kata.output.result"))
    assert lint(broken).returncode != 0


def test_classroom_workflow_is_what_github_classroom_needs():
    workflow = load(CLASSROOM)
    assert workflow["name"] == "Autograding Tests", "the reporter only uploads scores from this workflow name"
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    [(job_name, job)] = workflow["jobs"].items()
    assert job_name == "run-autograding-tests"
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"]}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    grade = next(step for step in job["steps"] if step.get("id") == "kata")
    assert grade["run"].startswith("kata check --format classroom --pristine ")
    reporter = uses["classroom-resources/autograding-grading-reporter"]
    assert job["steps"][-2] is reporter or job["steps"][-1] is reporter
    assert reporter["uses"].endswith("@v1") and reporter["with"]["runners"] == "kata"
    assert reporter["env"]["KATA_RESULTS"] == "${{ steps.kata.outputs.result }}"
    install = next(step for step in job["steps"] if "pip install" in step.get("run", ""))
    assert ".kata-pristine" in install["run"] and "-e" not in install["run"].split(), (
        "the grader that runs is installed from the assignment as shipped, never from the push")


def test_tests_workflow_runs_the_readme_test_command():
    workflow = load(TESTS)
    commands = [step.get("run", "") for step in steps(workflow)]
    assert "pytest selftests" in commands
    assert "pytest selftests" in (ROOT / "README.md").read_text()
    assert any('pip install' in c and '-e .' in c for c in commands)


def test_exported_workflow_passes_actionlint(tmp_path):
    dest = tmp_path / "assignment"
    run = run_kata("export", str(dest), "--exercises", "greet", "--template", "my-class/kata", "--ref", "v2")
    assert run.returncode == 0, run.stderr
    exported = dest / ".github/workflows/classroom.yml"
    assert lint(exported).returncode == 0
    assert load(exported)["env"] == {"KATA_TEMPLATE": "my-class/kata", "KATA_REF": "v2"}


def test_tests_workflow_covers_every_supported_python_on_linux_and_macos():
    [job] = load(TESTS)["jobs"].values()
    matrix = job["strategy"]["matrix"]
    assert set(matrix["python-version"]) == {"3.11", "3.12", "3.13", "3.14"}
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest"}
    assert job["runs-on"] == "${{ matrix.os }}"
