"""Graded runs hold against a student who edits files and prints things: the score never rises.

Each attack starts from the stub of `greet` (5 points, scores 0) or of `gather_squares` (10 points,
scores 0) in a student's copy of an exported assignment, and is graded the way the classroom
workflow grades it (`kata check --format classroom`). The control test shows the same setup gives
full points to a real solution, so a 0 means the attack failed, not that grading is broken.
"""
from __future__ import annotations

import ast
import base64
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from selftests.assignment import (
    assignment_copy,
    classroom,
    commit,
    export,
    scores,
    solution,
    stub,
    write_exercise,
)
from selftests.conftest import ROOT

EXERCISES = ("greet", "gather_squares")
NOTICE = "::notice title=Autograding complete::Points 100/100"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("template") / "kata", *EXERCISES)


@pytest.fixture
def student(template, tmp_path) -> Path:
    return assignment_copy(template, tmp_path / "student")


def test_control_a_real_solution_earns_full_points(student):
    write_exercise(student, "greet", solution("greet"))
    commit(student)
    payload, run = classroom(student, "greet")
    assert scores(payload) == {"greet": 5}, run.stderr
    assert run.returncode == 0


# --- Protected files ----------------------------------------------------------------------------

PASSING_SUITE = "def test_greet_is_a_coroutine_function():\n    pass\n\n\ndef test_anything():\n    pass\n"


def test_edited_test_file_is_reported_and_never_run(student):
    (student / "tests/01_coroutines/test_greet.py").write_text(PASSING_SUITE)
    commit(student, "make the tests pass")
    payload, run = classroom(student, "greet")
    assert scores(payload) == {"greet": 0}
    assert payload["protected_changes"] == ["tests/01_coroutines/test_greet.py"]
    assert "Protected file changed: tests/01_coroutines/test_greet.py" in run.stderr
    assert "0 of 3 tests pass" in payload["tests"][0]["message"], "the shipped suite (3 tests) ran"


def test_edited_test_file_and_manifest_against_a_pristine_copy(template, student):
    """The student also rewrites the manifest: the pristine copy (the workflow's) still wins."""
    (student / "tests/01_coroutines/test_greet.py").write_text(PASSING_SUITE)
    (student / "kata.toml").write_text((student / "kata.toml").read_text().replace("points = 5", "points = 50"))
    from grader.engine import trust
    trust.write_manifest(student)
    commit(student, "cover the tracks")
    payload, _run = classroom(student, "greet", "--pristine", str(template))
    assert scores(payload) == {"greet": 0} and payload["max_score"] == 5
    assert {"tests/01_coroutines/test_greet.py", "kata.toml"} <= set(payload["protected_changes"])


def test_edited_test_file_without_history_is_not_graded(student):
    (student / "tests/01_coroutines/test_greet.py").write_text(PASSING_SUITE)
    shutil.rmtree(student / ".git")
    payload, _run = classroom(student, "greet")
    assert scores(payload) == {"greet": 0}
    assert payload["tests"][0]["status"] == "error"
    assert "shipped version is not available" in payload["tests"][0]["message"]


CHEATING_CONFTEST = '''
import pathlib
import pytest
pathlib.Path(__file__).with_name("conftest-ran").write_text("yes")

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.longrepr = None
'''


def test_conftest_files_in_the_learners_tree_are_never_loaded(student):
    for folder in ("exercises", "exercises/01_coroutines", ".", "tests"):
        (student / folder / "conftest.py").write_text(CHEATING_CONFTEST)
    commit(student)
    payload, run = classroom(student, "greet")
    assert scores(payload) == {"greet": 0}
    assert not list(student.rglob("conftest-ran"))
    assert "tests/conftest.py" in payload["protected_changes"], "an added file in tests/ is reported"
    assert "Not an exercise file, not used: exercises/conftest.py" in run.stderr


SHADOW = '''
import pathlib
pathlib.Path(__file__).with_name("asyncio-shadowed").write_text("yes")
def run(main, **kwargs):
    return None
'''


@pytest.mark.parametrize("code, expected", [("stub", 0), ("solution", 5)])
def test_a_learner_asyncio_py_never_shadows_the_standard_library(student, code, expected):
    for folder in ("exercises/01_coroutines", "exercises", "."):
        (student / folder / "asyncio.py").write_text(SHADOW)
    write_exercise(student, "greet", {"stub": stub, "solution": solution}[code]("greet"))
    commit(student)
    payload, _run = classroom(student, "greet")
    assert scores(payload) == {"greet": expected}, payload
    assert not list(student.rglob("asyncio-shadowed"))


# --- The learner's code at run time -------------------------------------------------------------

FORGER = '''
import glob, json, os, sys, tempfile

ids = ["tests/01_coroutines/test_greet.py::" + name for name in (
    "test_greet_is_a_coroutine_function", "test_calling_greet_runs_nothing_until_awaited", "test_greets_any_name")]
lines = [json.dumps({"event": "collected", "ids": ids})]
lines += [json.dumps({"event": "test", "id": i, "status": "pass", "message": "", "duration": 0.0}) for i in ids]
lines += [json.dumps({"event": "finished", "exitstatus": 0})]
for seq, line in enumerate(list(lines), 1):  # the signed shape, with a made-up signature
    lines.append(json.dumps({"body": json.dumps({"seq": seq, **json.loads(line)}), "mac": "0" * 64}))
forged = ("\\n".join(lines) + "\\n").encode()

targets = set()
for i, arg in enumerate(sys.argv):
    if arg.startswith("--kata-report"):
        targets.add(arg.split("=", 1)[1] if "=" in arg else sys.argv[i + 1])
for name in ("KATA_REPORT", "KATA_REPORT_FD"):
    if os.environ.get(name):
        targets.add(os.environ[name])
for fd in os.listdir("/proc/self/fd"):
    try:
        os.write(int(fd), forged) if int(fd) > 2 else None
    except OSError:
        pass
tmp = tempfile.gettempdir()
for pattern in ("kata-*/*", "*/kata-*/*", "kata-*/*/*"):
    targets.update(glob.glob(os.path.join(tmp, pattern)))
for target in targets:
    try:
        with open(target, "ab") as file:
            file.write(forged)
    except OSError:
        pass
os._exit(0)
'''


def test_a_forged_results_file_counts_for_nothing(student, tmp_path):
    write_exercise(student, "greet", stub("greet") + FORGER)
    commit(student)
    # The forger writes into every file of the grader's temporary folders that it finds: give this run
    # folders of its own, so that it reaches the grader it attacks and no other run on the machine.
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    payload, _run = classroom(student, "greet", env={"TMPDIR": str(private_tmp)})
    assert scores(payload) == {"greet": 0}
    assert payload["tests"][0]["status"] == "error"


@pytest.mark.parametrize("where", ["at import", "during a test"])
def test_os_exit_0_fails(student, where):
    code = solution("greet")
    if where == "at import":
        code += "\nimport os\nos._exit(0)\n"
    else:  # the first test passes, then the process leaves with exit code 0
        code = code.replace('return f"Hello, {name}!"', 'import os\n    os._exit(0)')
    write_exercise(student, "greet", code)
    commit(student)
    payload, _run = classroom(student, "greet")
    assert scores(payload) == {"greet": 0}
    assert payload["tests"][0]["status"] == "error"
    assert "without reporting its results" in payload["tests"][0]["message"]


def test_printed_workflow_commands_are_inert(student, tmp_path):
    write_exercise(student, "greet", textwrap.dedent(f'''
        import os
        print("{NOTICE}")
        print("::set-output name=result::Zm9yZ2Vk")
        with open(os.environ.get("GITHUB_OUTPUT", os.devnull), "a") as output:
            output.write("result=Zm9yZ2Vk\\n")

        async def greet(name):
            print("{NOTICE}")
            raise RuntimeError("\\n{NOTICE}\\n##[error]forged")
    '''))
    commit(student)
    output, summary = tmp_path / "output", tmp_path / "summary"
    payload, run = classroom(student, "greet", env={"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)})
    # greet is an async def, so its first test passes (1 of 3 tests: 1 point), as it would if it
    # printed nothing; the printed "Points 100/100" adds nothing.
    assert scores(payload) == {"greet": 1} and payload["max_score"] == 5
    reported = json.loads(base64.b64decode(output.read_text().removeprefix("result=")))
    assert reported["tests"][0]["score"] == 1
    assert NOTICE.split("::")[1] in json.dumps(payload), "the learner's text is in the result, defused"
    assert output.read_text().count("\n") == 1 and output.read_text().startswith("result=")

    for text in (run.stdout, summary.read_text(), *(t["message"] for t in payload["tests"])):
        assert not [line for line in text.splitlines() if line.lstrip().startswith("::")], text
        assert "##[" not in text
    # stderr: everything that could be a command lies between ::stop-commands::TOKEN and ::TOKEN::
    lines = run.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("::stop-commands::")]
    assert len(starts) == 1
    token = lines[starts[0]].removeprefix("::stop-commands::")
    assert len(token) >= 32 and token not in student.joinpath("exercises/01_coroutines/greet.py").read_text()
    end = lines.index(f"::{token}::")
    outside = lines[: starts[0]] + lines[end + 1:]
    assert not [line for line in outside if line.lstrip().startswith(("::", "##["))], outside
    assert any(NOTICE in line for line in lines[starts[0]:end]), "the message is shown, inside the block"


ALWAYS_EQUAL = '''
class Anything(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__

class Everything(list):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
'''


RIGGED = {
    "greet": "async def greet(name):\n    return VALUE('whatever')\n",
    "gather_squares": ("import asyncio\n\nasync def slow_square(n):\n    await asyncio.sleep(1 / (n + 1))\n"
                       "    return n * n\n"
                       "\n\nasync def squares(numbers):\n    await asyncio.gather(*(slow_square(n) for n in numbers))\n"
                       "    return VALUE([0])\n"),
}


@pytest.mark.parametrize("name", sorted(RIGGED))
def test_an_always_equal_value_never_passes(student, name):
    """The same code scores the same whether it returns a plain wrong value or an always-equal one."""
    plain = RIGGED[name].replace("VALUE", "str" if name == "greet" else "list")
    write_exercise(student, name, plain)
    commit(student)
    honest, _ = classroom(student, name)
    write_exercise(student, name, ALWAYS_EQUAL + "\n" + RIGGED[name].replace(
        "VALUE", "Anything" if name == "greet" else "Everything"))
    commit(student)
    rigged, run = classroom(student, name)
    assert scores(rigged) == scores(honest), (honest, rigged)
    assert rigged["tests"][0]["status"] == "fail" and scores(rigged)[name] < rigged["max_score"]
    assert "returned the wrong result" in run.stderr


def test_patching_the_grader_in_memory_is_caught(student):
    write_exercise(student, "greet", textwrap.dedent('''
        import grader.harness.diagnosis as diagnosis
        diagnosis.same = lambda actual, expected: True

        async def greet(name):
            return "nope"
    '''))
    commit(student)
    payload, _run = classroom(student, "greet")
    assert scores(payload) == {"greet": 0}
    assert "replaced parts of the grader" in payload["tests"][0]["message"]


def test_every_suite_compares_results_with_exact_types():
    """expect_equal (grader.harness.diagnosis.same) is what an always-equal object cannot fool."""
    for suite in sorted((ROOT / "tests").glob("*/test_*.py")):
        calls = {node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                 for node in ast.walk(ast.parse(suite.read_text())) if isinstance(node, ast.Call)}
        assert calls & {"expect_equal", "same"}, f"{suite.relative_to(ROOT)} never calls expect_equal"


def test_suites_need_no_conftest():
    """Graded runs load no conftest.py at all (--noconftest): the suites must not rely on one."""
    assert not list((ROOT / "tests").rglob("conftest.py"))
