"""The `kata` command as learners, teachers and CI use it."""
from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader import manifest
from selftests.conftest import ROOT, mini_kata, run_kata

# A learner's clone, cut down to a few exercises so that whole-kata commands stay quick.
COPY_EXERCISES = ["greet", "await_chain", "say_after", "gather_squares"]
TOTAL = len(COPY_EXERCISES)


@pytest.fixture
def kata_copy(tmp_path) -> Path:
    """A second copy of the kata (a learner's clone), graded by the same installed `kata`."""
    return mini_kata(tmp_path / "my-kata", COPY_EXERCISES, git=True)


def solve(copy: Path, topic: str, name: str) -> None:
    shutil.copy(copy / "solutions" / topic / f"{name}.py", copy / "exercises" / topic / f"{name}.py")


def test_kata_on_fresh_stubs_shows_progress_and_first_diagnosis(kata_copy):
    run = run_kata(cwd=kata_copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"0/{TOTAL} done" in run.stdout
    assert "greet must be a coroutine function (async def)" in run.stdout
    assert "exercises/01_coroutines/greet.py" in run.stdout
    assert "\x1b" not in run.stdout, "escape codes without a terminal"


def test_kata_moves_on_when_the_exercise_passes(kata_copy):
    solve(kata_copy, "01_coroutines", "greet")
    run = run_kata(cwd=kata_copy)
    assert run.returncode == 0, run.stdout
    assert "greet passes" in run.stdout and f"1/{TOTAL} done" in run.stdout
    assert "Next up: await_chain" in run.stdout
    assert list(json.loads((kata_copy / ".kata-progress.json").read_text())["done"]) == ["greet"]
    again = run_kata(cwd=kata_copy)  # now checks the next one
    assert again.returncode == 1 and "Checking await_chain" in again.stdout


def test_kata_works_from_a_subfolder(kata_copy):
    run = run_kata("list", cwd=kata_copy / "exercises" / "01_coroutines")
    assert run.returncode == 0 and "greet" in run.stdout


def test_outside_a_kata_is_a_usage_error(tmp_path):
    run = run_kata("list", cwd=tmp_path)
    assert run.returncode == 2 and "kata.toml" in run.stderr and "Traceback" not in run.stderr


def test_corrupt_progress_file_is_rebuilt_with_a_notice(kata_copy):
    (kata_copy / ".kata-progress.json").write_text("{not json")
    run = run_kata("list", cwd=kata_copy)
    assert run.returncode == 0
    assert "unreadable" in run.stderr and "Traceback" not in run.stderr + run.stdout


def test_list_shows_every_exercise_with_its_state(kata_copy):
    solve(kata_copy, "01_coroutines", "greet")
    run_kata("check", "greet", cwd=kata_copy)
    run = run_kata("list", cwd=kata_copy)
    lines = run.stdout.splitlines()
    assert any("greet" in line and "done" in line for line in lines)
    assert any("await_chain" in line and "next" in line for line in lines)
    assert sum("pending" in line for line in lines) == TOTAL - 2


def test_check_exit_codes_and_json_schema():
    run = run_kata("check", "greet", "say_after", "--dir", "solutions", "--format", "json")
    assert run.returncode == 0
    report = json.loads(run.stdout)
    assert report["passed"] == report["total"] == 2
    for exercise in report["exercises"]:
        assert set(exercise) == {"name", "topic", "status", "message", "tests"}
        assert exercise["status"] == "pass" and exercise["tests"]
        for test in exercise["tests"]:
            assert set(test) == {"name", "status", "message"}


def test_check_fails_with_exit_1_on_a_stub(stub_copy):
    run = run_kata("check", "greet", "--dir", str(stub_copy))
    assert run.returncode == 1
    assert "greet must be a coroutine function" in run.stdout


def test_unknown_exercise_is_a_usage_error_with_suggestions():
    run = run_kata("check", "gret")
    assert run.returncode == 2
    assert "no exercise called 'gret'" in run.stderr and "greet" in run.stderr


@pytest.mark.parametrize("args", [["check", "--dir", "no/such/folder"], ["check", "--format", "yaml"],
                                  ["hint"], ["frobnicate"], ["check", "--jobs", "0"]])
def test_bad_arguments_exit_2(args):
    run = run_kata(*args)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_junit_report_is_valid_xml(stub_copy):
    run = run_kata("check", "greet", "say_after", "--dir", str(stub_copy), "--format", "junit")
    assert run.returncode == 1
    suites = ET.fromstring(run.stdout)
    assert [s.get("name") for s in suites] == ["01_coroutines.greet", "02_concurrency.say_after"]
    assert all(s.find("testcase/failure") is not None for s in suites)


def test_hints_are_revealed_one_at_a_time(kata_copy):
    first = run_kata("hint", "greet", cwd=kata_copy)
    assert "Hint 1/3" in first.stdout and "Hint 2/3" not in first.stdout
    second = run_kata("hint", "greet", cwd=kata_copy)
    assert "Hint 1/3" in second.stdout and "Hint 2/3" in second.stdout and "Hint 3/3" not in second.stdout
    every = run_kata("hint", "say_after", "--all", cwd=kata_copy)
    assert "Hint 3/3" in every.stdout


def test_reset_restores_the_shipped_stub_and_asks_first(kata_copy):
    stub = kata_copy / "exercises" / "01_coroutines" / "greet.py"
    shipped = stub.read_bytes()
    solve(kata_copy, "01_coroutines", "greet")
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "mine"],
                   cwd=kata_copy, check=True)
    refused = run_kata("reset", "greet", cwd=kata_copy)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert stub.read_bytes() != shipped
    done = run_kata("reset", "greet", "--yes", cwd=kata_copy)
    assert done.returncode == 0, done.stderr
    assert stub.read_bytes() == shipped


def test_reset_without_git_history_says_what_to_do(kata_copy):
    shutil.rmtree(kata_copy / ".git")
    (kata_copy / "exercises/01_coroutines/greet.py").write_text("# edited\n")
    run = run_kata("reset", "greet", "--yes", cwd=kata_copy)
    assert run.returncode == 2 and "fresh clone" in run.stderr


def test_watch_without_a_terminal_says_so():
    run = run_kata("watch")
    assert run.returncode == 2 and "terminal" in run.stderr


def _in_terminal(args: list[str], env: dict) -> str:
    """Run kata in a pseudo-terminal and return what it printed."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "grader", *args], cwd=ROOT, stdin=child,
                               stdout=child, stderr=child, env={**os.environ, "TERM": "xterm-256color", **env})
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode(errors="replace")


def test_colour_in_a_terminal_and_none_with_no_color():
    coloured = _in_terminal(["check", "greet", "--dir", "solutions"], {"NO_COLOR": ""})
    assert "\x1b[32m" in coloured, "a terminal should get colour"
    plain = _in_terminal(["check", "greet", "--dir", "solutions"], {"NO_COLOR": "1"})
    assert "\x1b[32m" not in plain and "greet" in plain


def test_python_dash_m_grader_and_the_kata_script_agree():
    script = Path(sys.executable).with_name("kata")
    assert script.is_file(), "pip install -e . should install the kata command"
    run = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "check" in run.stdout
    assert run_kata("--help").stdout == run.stdout.replace(script.name, "kata")


def test_pristine_blob_ids_match_git(tmp_path):
    content = b"print('hi')\n"
    # Outside any repository: hash-object needs none, and the kata's own checkout may be a worktree
    # whose repository this machine cannot see (a container, a chroot).
    by_git = subprocess.run(["git", "hash-object", "--stdin"], input=content, capture_output=True, check=True,
                            cwd=tmp_path)
    assert manifest.blob_id(content) == by_git.stdout.decode().strip()


# --- solution, open, progress, stale progress ---------------------------------------------------

def test_solution_waits_until_the_exercise_passes(kata_copy):
    early = run_kata("solution", "greet", cwd=kata_copy)
    assert early.returncode == 2 and "spoils the lesson" in early.stderr and "--yes" in early.stderr
    anyway = run_kata("solution", "greet", "--yes", cwd=kata_copy)
    assert anyway.returncode == 0 and "async def greet" in anyway.stdout
    solve(kata_copy, "01_coroutines", "greet")
    run_kata("check", "greet", cwd=kata_copy)
    earned = run_kata("solution", "greet", cwd=kata_copy)
    assert earned.returncode == 0 and "async def greet" in earned.stdout


def test_solution_in_a_copy_without_solutions_says_so(kata_copy):
    shutil.rmtree(kata_copy / "solutions")
    run = run_kata("solution", "greet", "--yes", cwd=kata_copy)
    assert run.returncode == 1 and "no reference solution" in run.stdout


def test_open_runs_the_editor_on_the_current_exercise(kata_copy):
    editor = f"{sys.executable} -c 'import sys; print(\"EDIT\", sys.argv[1])'"
    run = run_kata("open", cwd=kata_copy, env={"VISUAL": "", "EDITOR": editor})
    assert run.returncode == 0 and "EDIT" in run.stdout and run.stdout.strip().endswith("01_coroutines/greet.py")
    missing = run_kata("open", cwd=kata_copy, env={"VISUAL": "", "EDITOR": ""})
    assert missing.returncode == 2 and "EDITOR" in missing.stderr


def test_kata_prints_the_editor_command_when_one_is_set(kata_copy):
    run = run_kata(cwd=kata_copy, env={"VISUAL": "code -w"})
    assert "Open it: code -w" in run.stdout and "kata open" in run.stdout


def test_progress_by_topic_and_as_an_svg_badge(kata_copy):
    solve(kata_copy, "01_coroutines", "greet")
    run_kata("check", cwd=kata_copy)
    table = run_kata("progress", cwd=kata_copy, env={"COLUMNS": "80"})
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert any("01 Coroutines" in line and "1/2" in line and "5/10" in line for line in lines), table.stdout
    # At 80 columns every topic keeps to its row: a header, the topics, the total, nothing wrapped.
    assert len(lines) == 1 + 2 + 1 and all(len(line) <= 80 for line in lines), table.stdout
    assert [line.split()[0] for line in lines] == ["topic", "01", "02", "all"], table.stdout
    badge = kata_copy / "badge.svg"
    run = run_kata("progress", "--svg", str(badge), cwd=kata_copy)
    assert run.returncode == 0
    svg = ET.parse(badge).getroot()
    assert svg.tag.endswith("svg") and f"1/{TOTAL}" in badge.read_text()


def test_check_name_checks_only_that_exercise(kata_copy):
    """Another exercise edited since it passed is left for later: `kata check greet` checks greet alone."""
    solve(kata_copy, "01_coroutines", "greet")
    solve(kata_copy, "01_coroutines", "await_chain")
    run_kata("check", "greet", "await_chain", cwd=kata_copy)
    progress = kata_copy / ".kata-progress.json"
    assert list(json.loads(progress.read_text())["done"]) == ["greet", "await_chain"]
    shutil.copy(ROOT / "exercises/01_coroutines/await_chain.py", kata_copy / "exercises/01_coroutines/await_chain.py")
    run = run_kata("check", "greet", cwd=kata_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "await_chain" not in run.stdout + run.stderr, run.stdout + run.stderr
    # Checked, the stub would have failed and lost its mark: it was not checked.
    assert list(json.loads(progress.read_text())["done"]) == ["greet", "await_chain"]
    listed = run_kata("list", cwd=kata_copy)  # a command that re-checks what is stale does drop it
    assert "re-checking await_chain" in listed.stderr
    assert list(json.loads(progress.read_text())["done"]) == ["greet"]


def test_an_exercise_edited_since_it_passed_is_rechecked(kata_copy):
    solve(kata_copy, "01_coroutines", "greet")
    run_kata("check", "greet", cwd=kata_copy)
    (kata_copy / "exercises/01_coroutines/greet.py").write_text("def greet(name):\n    return name\n")
    run = run_kata("list", cwd=kata_copy)
    assert "re-checking greet" in run.stderr
    assert not any("greet" in line and "done" in line for line in run.stdout.splitlines()), run.stdout
