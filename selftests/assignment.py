"""Helpers for the self-tests of graded runs: a small exported assignment, as a student gets it."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from selftests.conftest import ROOT, run_kata

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]


def export(dest: Path, *names: str, extra: tuple[str, ...] = ()) -> Path:
    """`kata export DEST --exercises NAMES`, checked."""
    run = run_kata("export", str(dest), "--exercises", ",".join(names), *extra)
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


def commit(repo: Path, message: str = "work") -> None:
    if not (repo / ".git").is_dir():
        subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", message, "--allow-empty"], cwd=repo, check=True)


def assignment_copy(template: Path, target: Path) -> Path:
    """A student's repository: a copy of the exported template, committed as shipped."""
    shutil.copytree(template, target, ignore=shutil.ignore_patterns(".git"))
    commit(target, "assignment as shipped")
    return target


def solution(name: str) -> str:
    [path] = (ROOT / "solutions").glob(f"*/{name}.py")
    return path.read_text()


def stub(name: str) -> str:
    [path] = (ROOT / "exercises").glob(f"*/{name}.py")
    return path.read_text()


def write_exercise(repo: Path, name: str, code: str) -> Path:
    [path] = (repo / "exercises").glob(f"*/{name}.py")
    path.write_text(code)
    return path


def classroom(repo: Path, *args: str, env: dict | None = None, timeout: float = 300):
    """`kata check --format classroom ARGS` in `repo`: (result JSON, the completed run).

    PYTHONSAFEPATH keeps the student's folder off sys.path, as for the `kata` script the workflow
    runs (`python -m grader` would otherwise import the student's own grader/ and asyncio.py).
    """
    env = {"PYTHONSAFEPATH": "1", **(env or {})}
    run = run_kata("check", "--format", "classroom", *args, cwd=repo, env=env, timeout=timeout)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return json.loads(run.stdout), run


def scores(payload: dict) -> dict[str, int]:
    return {test["name"]: test["score"] for test in payload["tests"]}
