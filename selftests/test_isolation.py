"""Broken and hostile learner code fails only its own exercise, with a reason a learner understands.

One kata dir holds a different kind of trouble in each exercise (and greet stays correct); one
`kata check` grades them all, so this also proves the rows do not leak into each other.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from selftests.conftest import ROOT, all_messages, run_kata

PIDFILE = "sleeper.pid"

# exercise -> (what is appended to its reference solution, expected status, phrase in the message)
TROUBLE = {
    "await_chain": ("def broken(:\n", "error", "syntax error on line"),
    "missing_await": ("raise ValueError('boom at import')\n", "error", "raised ValueError while being imported"),
    "run_sync": ("import os\nos._exit(0)\n", "error", "call os._exit()"),
    "say_after": (
        "async def main_sequential(out):\n    while True:\n        pass\n", "timeout", "ran too long"),
    # A loop blocked for good: it even swallows the per-test timeout, so only the process bound ends it.
    "gather_squares": (
        "async def squares(numbers):\n    while True:\n        try:\n            while True:\n                pass\n"
        "        except BaseException:\n            pass\n", "timeout", "was stopped"),
    "red_blue_green": (
        "async def three_at_once(out):\n    print('spam ' * 2_000_000)\n    raise RuntimeError('after the spam')\n",
        "fail", "RuntimeError: after the spam"),
    "completion_order": (
        "async def finish_order(xs):\n    return [int(input('how many? '))]\n", "fail", "read from the keyboard"),
    "partition_results": (
        "import subprocess, sys, pathlib\n"
        f"_p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"pathlib.Path(__file__).with_name('{PIDFILE}').write_text(str(_p.pid))\n"
        "async def partition(aws):\n    return 'nothing'\n",
        "fail", "partition"),
    "task_fixes": ("import os\nasync def both_at_once(out):\n    os._exit(0)\n", "error", "ended during this test"),
    "task_set": ("import sys\nclass TaskSet:\n    def __init__(self):\n        sys.exit(0)\n", "fail", "SystemExit"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    kata_dir = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "solutions", kata_dir, dirs_exist_ok=True)
    for name, (code, _, _) in TROUBLE.items():
        [path] = kata_dir.glob(f"*/{name}.py")
        path.write_text(path.read_text() + "\n" + code)
    started = time.monotonic()
    run = run_kata("check", *TROUBLE, "greet", "--dir", str(kata_dir), "--format", "json")
    elapsed = time.monotonic() - started
    return kata_dir, run, elapsed


def test_the_grader_finishes_and_reports_every_exercise(graded):
    _, run, elapsed = graded
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["total"] == len(TROUBLE) + 1 and report["passed"] == 1
    assert elapsed < 120, f"took {elapsed:.0f} s"
    assert len(run.stdout) < 300_000, "megabytes of learner output must not reach the report"


def test_correct_exercise_next_to_broken_ones_still_passes(graded):
    report = {e["name"]: e for e in json.loads(graded[1].stdout)["exercises"]}
    assert report["greet"]["status"] == "pass", all_messages(report["greet"])


@pytest.mark.parametrize("name", sorted(TROUBLE))
def test_trouble_fails_its_own_exercise_with_a_reason(graded, name):
    _, expected_status, phrase = TROUBLE[name]
    report = {e["name"]: e for e in json.loads(graded[1].stdout)["exercises"]}[name]
    assert report["status"] == expected_status, all_messages(report)
    assert phrase.lower() in all_messages(report).lower(), all_messages(report)


def test_processes_left_running_are_ended(graded):
    kata_dir, _, _ = graded
    [pidfile] = kata_dir.glob(f"*/{PIDFILE}")
    stat = Path(f"/proc/{int(pidfile.read_text())}/stat")
    # Gone, or a zombie waiting for a reaper that is not ours: either way it no longer runs.
    assert not stat.exists() or stat.read_text().split(") ")[1].startswith("Z")
