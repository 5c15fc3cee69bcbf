"""Shared fixtures of the kata's own tests: running `kata` as a learner would, in a subprocess."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_kata(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 300,
             stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m grader ARGS` without a terminal, as CI and pipes see it."""
    environment = {**os.environ, **(env or {})}
    environment.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "grader", *args], cwd=cwd, env=environment, capture_output=True,
        text=True, timeout=timeout, input=stdin if stdin is not None else "",
    )


def check_json(kata_dir: Path, *names: str) -> dict[str, dict]:
    """`kata check --format json` on kata_dir: the report of each exercise by name."""
    run = run_kata("check", *names, "--dir", str(kata_dir), "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    return {exercise["name"]: exercise for exercise in report["exercises"]}


def all_messages(report: dict) -> str:
    return "\n".join([report["message"], *(t["message"] for t in report["tests"])])


@pytest.fixture(scope="session")
def stub_copy(tmp_path_factory) -> Path:
    """A copy of exercises/, so checking the stubs leaves the real progress file alone."""
    target = tmp_path_factory.mktemp("stubs") / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    return target
