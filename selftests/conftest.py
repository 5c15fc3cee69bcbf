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


def all_messages(report: dict) -> str:
    return "\n".join([report["message"], *(t["message"] for t in report["tests"])])


@pytest.fixture(scope="session")
def stub_copy(tmp_path_factory) -> Path:
    """A copy of exercises/, so checking the stubs leaves the real progress file alone."""
    target = tmp_path_factory.mktemp("stubs") / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    return target


def mini_kata(target: Path, names: list[str], *, git: bool = False) -> Path:
    """A small kata root at `target`: the catalog cut down to `names`, with their files.

    With `git`, the folder is a repository holding the stubs as shipped, so `kata reset` works.
    """
    import tomllib

    catalog = tomllib.loads((ROOT / "kata.toml").read_text(encoding="utf-8"))
    entries = [e for e in catalog["exercise"] if e["name"] in names]
    text = (ROOT / "kata.toml").read_text(encoding="utf-8").split("[[exercise]]")[0]
    for entry in entries:
        hints = ", ".join(json.dumps(h) for h in entry["hints"])
        text += (f'[[exercise]]\nname = "{entry["name"]}"\ntopic = "{entry["topic"]}"\n'
                 f'clock = "{entry["clock"]}"\npoints = {entry["points"]}\nhints = [{hints}]\n\n')
    target.mkdir(parents=True, exist_ok=True)
    (target / "kata.toml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for entry in entries:
        for folder, name in (("exercises", entry["name"]), ("solutions", entry["name"]),
                             ("tests", f"test_{entry['name']}")):
            source = ROOT / folder / entry["topic"] / f"{name}.py"
            (target / folder / entry["topic"]).mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / folder / entry["topic"] / f"{name}.py")
    if git:
        quiet = {"capture_output": True, "check": True, "cwd": target}
        identity = ["-c", "user.name=kata", "-c", "user.email=kata@example.invalid"]
        subprocess.run(["git", "init", "-q"], **quiet)
        subprocess.run(["git", "add", "kata.toml", "exercises"], **quiet)
        subprocess.run(["git", *identity, "commit", "-q", "-m", "shipped"], **quiet)
    return target
