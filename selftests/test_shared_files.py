"""One student's code never changes how another student is graded, whatever it writes where.

A hostile student hands in exercise files that, at import or in their coroutines, rewrite every copy
of the kata they can find: the suites of the other exercise and of their own (hollowed out, so that
every test passes), the pytest configuration, the catalog, and added conftest.py and __init__.py
files. Each route a learner's code has to those files is tried on its own: paths relative to its
folder, paths found by walking up from its file or its folder (and listing each folder on the way),
/proc/self/cwd, and the folder of the process that started it, /proc/<ppid>/cwd. Then every other
student's row of the gradebook must be byte for byte what a class without the hostile student gets,
and the kata graded from must be left as it was.

Safety: the hostile code only ever writes inside the test's own folder (the parent of the TMPDIR
the grader runs with, marked by SCOPE_MARK), so a run of these tests against a grader that does not
hold cannot damage anything else.
"""
from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from grader.catalog import Exercise
from grader.engine import isolation, launch, runner, trust
from grader.results import Status
from selftests.assignment import assignment_copy, classroom, commit, export, scores, solution, stub, write_exercise
from selftests.conftest import mini_kata, run_kata

EXERCISES = ("greet", "await_chain")
SCOPE_MARK = "hostile-scope"
ROUTES = ("relative", "up from __file__", "up from cwd", "/proc/self/cwd", "/proc/<ppid>/cwd")

HOSTILE = r'''

# --- everything below rewrites the grader's files ---
import ast as _ast, asyncio as _asyncio, functools as _functools, inspect as _inspect, os as _os, tempfile as _tempfile
from pathlib import Path as _Path

_ROUTE = "{route}"
_SCOPE = _Path(_tempfile.gettempdir()).resolve().parent
_PATCH = "import grader.harness.diagnosis as _d\n_d.same = lambda *args, **kwargs: True\n"


def _inside(path):
    try:
        return (_SCOPE / "{mark}").is_file() and _Path(path).resolve().is_relative_to(_SCOPE)
    except (OSError, ValueError):
        return False


def _write(path, text):
    try:
        if _inside(path):
            _Path(path).write_text(text)
    except (OSError, ValueError):
        pass


def _hollow(source):
    """The same tests (names, parameters, fixtures), each of which passes."""
    tree = _ast.parse(source)
    for node in _ast.walk(tree):
        if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)) and node.name.startswith("test_"):
            node.body = [_ast.Pass()]
    return _ast.unparse(tree)


def _forge(kata):
    kata = _Path(kata)
    tests = kata / "tests"
    try:
        if not _inside(kata) or not tests.is_dir():
            return
        for suite in tests.glob("*/test_*.py"):
            _write(suite, _hollow(suite.read_text()))
        for topic in tests.glob("*/"):
            _write(topic / "__init__.py", _PATCH)
            _write(topic / "conftest.py", _PATCH)
        _write(tests / "conftest.py", _PATCH)
        for name, old, new in (("pyproject.toml", 'asyncio_mode = "auto"', 'asyncio_mode = "strict"'),
                               ("kata.toml", 'clock = "virtual"', 'clock = "real"')):
            if (kata / name).is_file():
                _write(kata / name, (kata / name).read_text().replace(old, new))
    except (OSError, SyntaxError, ValueError):
        pass


def _search(start):
    """Every folder from `start` up, each folder in them, and a `kata` folder in any of those."""
    try:
        here = _Path(start).resolve()
    except OSError:
        return
    for folder in (here, *here.parents):
        if not _inside(folder):
            return
        try:
            children = [child for child in folder.iterdir() if child.is_dir()]
        except OSError:
            children = []
        for candidate in (folder, *children):
            _forge(candidate)
            _forge(candidate / "kata")


def _attack():
    if _ROUTE == "relative":
        for relative in (".", "..", "../kata", "../..", "../../kata", "../../..", "../../../kata"):
            _forge(relative)
    elif _ROUTE == "up from __file__":
        _search(__file__)
    elif _ROUTE == "up from cwd":
        _search(_os.getcwd())
    elif _ROUTE == "/proc/self/cwd":
        for relative in ("", "..", "../..", "../../kata"):
            _forge(_os.path.join("/proc/self/cwd", relative))
        _search("/proc/self/cwd")
    elif _ROUTE == "/proc/<ppid>/cwd":
        parent = f"/proc/{{_os.getppid()}}/cwd"
        for relative in ("", "..", "kata", "../kata"):
            _forge(_os.path.join(parent, relative))
        _search(parent)


def _attacking(function):
    @_functools.wraps(function)
    async def wrapper(*args, **kwargs):
        await _asyncio.to_thread(_attack)  # in a thread: the blocking-call detector watches the loop only
        return await function(*args, **kwargs)
    return wrapper


if "{when}" == "at import":
    _attack()
else:
    for _name, _value in list(globals().items()):
        if _inspect.iscoroutinefunction(_value) and _value.__module__ == __name__ and not _name.startswith("_"):
            globals()[_name] = _attacking(_value)
'''

WRONG_GREET = 'async def greet(name):\n    return "Hello " + name\n'


def hostile(name: str, route: str, when: str) -> str:
    """A correct solution that also rewrites the grader's files: graded alone, it would earn full points."""
    return solution(name) + HOSTILE.format(route=route, when=when, mark=SCOPE_MARK)


def others() -> dict[str, dict[str, str]]:
    """The students whose rows must not change: right, wrong, partly right."""
    return {
        "bea": {name: solution(name) for name in EXERCISES},
        "ben": {name: stub(name) for name in EXERCISES},
        "bo": {"greet": stub("greet") + "\n" + WRONG_GREET, "await_chain": stub("await_chain")},
    }


def write_class(folder: Path, kata: Path, students: dict[str, dict[str, str]]) -> Path:
    for student, files in students.items():
        for name, code in files.items():
            [suite] = (kata / "tests").glob(f"*/test_{name}.py")
            target = folder / student / "exercises" / suite.parent.name / f"{name}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {student}\n{code}")
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def scoped(base: Path) -> dict[str, str]:
    """The environment of a grader run in `base`: its own TMPDIR, inside the hostile code's scope."""
    (base / SCOPE_MARK).write_text("the hostile self-test may write below this folder\n")
    (base / "tmp").mkdir(exist_ok=True)
    return {"TMPDIR": str(base / "tmp"), "PYTHONSAFEPATH": "1"}


def grade(base: Path, kata: Path, folder: Path, env: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """`kata grade`: (the gradebook's lines by student, the feedback by student)."""
    out, feedback = base / f"{folder.name}.csv", base / f"{folder.name}-feedback"
    run = run_kata("grade", str(folder), "--out", str(out), "--feedback", str(feedback), cwd=kata, env=env)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    lines = out.read_text().splitlines()
    rows = {next(csv.reader(io.StringIO(line)))[0]: line for line in lines[1:]}
    return rows, {path.stem: path.read_text() for path in feedback.glob("*.md")}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("template") / "kata", *EXERCISES)


@pytest.fixture(scope="module")
def without_hostile(tmp_path_factory, template) -> dict[str, str]:
    """The gradebook rows of the class without the hostile student."""
    base = tmp_path_factory.mktemp("calm")
    kata = shutil.copytree(template, base / "kata")
    rows, _ = grade(base, kata, write_class(base / "class", kata, others()), scoped(base))
    assert rows["bea"].endswith(",complete") and not rows["ben"].endswith(",complete")
    return rows


def attacked_class(tmp_path: Path, template: Path, route: str, when: str,
                   runner: str | None = None) -> tuple[dict[str, str], dict[str, str], Path, dict[str, str]]:
    kata = shutil.copytree(template, tmp_path / "kata")
    before = fingerprint(kata)
    students = {**others(), "ann": {name: hostile(name, route, when) for name in EXERCISES}}
    env = {**scoped(tmp_path), **({"KATA_RUNNER": runner} if runner else {})}
    rows, feedback = grade(tmp_path, kata, write_class(tmp_path / "class", kata, students), env)
    return rows, feedback, kata, before


def assert_graded_as_without(rows: dict[str, str], feedback: dict[str, str], without: dict[str, str]) -> None:
    for student in others():
        assert rows[student] == without[student], f"{student}'s row changed next to the hostile student"
    assert rows["ann"].startswith("ann,0,0,0,"), rows["ann"]
    assert "wrote into the grader's files" in feedback["ann"], feedback["ann"]


@pytest.mark.parametrize("route, when", [
    ("relative", "at import"),
    ("up from __file__", "in its coroutine"),
    ("up from cwd", "at import"),
    ("/proc/self/cwd", "in its coroutine"),
])
def test_a_hostile_student_changes_no_other_row(tmp_path, template, without_hostile, route, when):
    rows, feedback, kata, before = attacked_class(tmp_path, template, route, when)
    assert_graded_as_without(rows, feedback, without_hostile)
    assert fingerprint(kata) == before, "the kata graded from is left as it was"


@pytest.mark.parametrize("runner", ["fork", "spawn"])
def test_the_parents_folder_leads_nowhere(tmp_path, template, without_hostile, runner):
    """/proc/<ppid>/cwd: the warm parent's folder (fork), or the grader's own, the kata (spawn)."""
    rows, feedback, kata, before = attacked_class(tmp_path, template, "/proc/<ppid>/cwd", "at import", runner)
    assert_graded_as_without(rows, feedback, without_hostile)
    assert fingerprint(kata) == before, "the kata graded from is left as it was"


def without_duration(test: dict) -> str:
    return json.dumps({key: value for key, value in test.items() if key != "duration"})


# --- One submission: an earlier exercise against a later one (kata check --pristine) -----------------

@pytest.mark.parametrize("route, when", [("relative", "at import"), ("up from cwd", "in its coroutine")])
def test_an_exercise_changes_no_later_exercise_of_the_same_submission(tmp_path, template, route, when):
    env = scoped(tmp_path)
    pristine = shutil.copytree(template, tmp_path / "pristine")
    before = fingerprint(pristine)
    payloads = {}
    for case, greet in (("calm", solution("greet")), ("hostile", hostile("greet", route, when))):
        student = assignment_copy(template, tmp_path / case)
        write_exercise(student, "greet", greet)
        write_exercise(student, "await_chain", stub("await_chain"))
        commit(student)
        payloads[case], _ = classroom(student, "--pristine", str(pristine), "--jobs", "1", env=env)
    calm, attacked = ({t["name"]: t for t in payloads[case]["tests"]} for case in ("calm", "hostile"))
    assert without_duration(attacked["await_chain"]) == without_duration(calm["await_chain"]), \
        "the later exercise is graded as without the hostile one"
    assert scores(payloads["calm"]) == {"greet": 5, "await_chain": 0}
    assert scores(payloads["hostile"]) == {"greet": 0, "await_chain": 0}
    assert "wrote into the grader's files" in attacked["greet"]["message"]
    assert fingerprint(pristine) == before, "the pristine copy is left as it was"


# --- The parts: copies, verification, who did it -------------------------------------------------

GREET = Exercise("greet", "01_coroutines", "virtual", 5, ())


def small_kata(root: Path) -> Path:
    for name, text in {"kata.toml": "[kata]\n", "pyproject.toml": "[tool.pytest.ini_options]\n",
                       "tests/01_coroutines/test_greet.py": "def test_greet():\n    assert False\n",
                       "tests/01_coroutines/test_await_chain.py": "def test_chain():\n    assert False\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def recorded(root: Path, *, owned: bool = True) -> isolation.Tree:
    return isolation.Tree(root, isolation.kata_files(root), label=f"the kata in {root}", owned=owned)


def test_a_tree_sees_each_change_once_and_puts_everything_back(tmp_path):
    root = small_kata(tmp_path / "kata")
    tree = recorded(root)
    assert tree.look() == []
    (root / "tests/01_coroutines/test_greet.py").write_text("def test_greet():\n    pass\n")
    (root / "tests/01_coroutines/__init__.py").write_text("import os\n")
    (root / "tests/__pycache__").mkdir()
    (root / "kata.toml").unlink()
    assert tree.look() == ["kata.toml", "tests/01_coroutines/__init__.py", "tests/01_coroutines/test_greet.py",
                           "tests/__pycache__"]
    assert tree.look() == [], "a change is news once"
    tree.restore()
    assert isolation.kata_files(root) == tree.files
    assert sorted(p.relative_to(root).as_posix() for p in (root / "tests").rglob("*")) == [
        "tests/01_coroutines", "tests/01_coroutines/test_await_chain.py", "tests/01_coroutines/test_greet.py"]


def test_a_file_rewritten_with_its_size_and_times_kept_is_seen(tmp_path):
    root = small_kata(tmp_path / "kata")
    tree = recorded(root)
    suite = root / "tests/01_coroutines/test_greet.py"
    before = suite.stat()
    suite.write_text(suite.read_text().replace("False", "True "))
    os.utime(suite, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert suite.stat().st_size == before.st_size
    assert tree.look() == ["tests/01_coroutines/test_greet.py"]


def test_putting_back_never_follows_a_link_out_of_the_tree(tmp_path):
    root = small_kata(tmp_path / "kata")
    tree = recorded(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "test_greet.py").write_text("theirs\n")
    shutil.rmtree(root / "tests/01_coroutines")
    (root / "tests/01_coroutines").symlink_to(outside, target_is_directory=True)
    assert "tests/01_coroutines" in tree.look()
    tree.restore()
    assert (outside / "test_greet.py").read_text() == "theirs\n" and sorted(os.listdir(outside)) == ["test_greet.py"]
    assert not (root / "tests/01_coroutines").is_symlink() and isolation.kata_files(root) == tree.files


def test_a_checks_copy_holds_exactly_what_it_reads(tmp_path):
    root = small_kata(tmp_path / "kata")
    (root / "tests/01_coroutines/conftest.py").write_text("# on the suite's way\n")
    tree = recorded(root)
    copies = isolation.Copies()
    try:
        assert stat.S_IMODE(copies.folder.stat().st_mode) == 0o300, "the run's folder cannot be listed"
        copy = copies.make(tree, GREET, b"async def greet(name):\n    return name\n")
        other = copies.make(tree, GREET, None)
        assert copy.root.parent == copies.folder and len(copy.root.name) == 32 and other.root != copy.root
        assert sorted(p.relative_to(copy.root).as_posix() for p in copy.root.rglob("*") if p.is_file()) == [
            "exercises/01_coroutines/greet.py", "kata.toml", "pyproject.toml", "tests/01_coroutines/conftest.py",
            "tests/01_coroutines/test_greet.py"]
        assert copy.look() == []
        (copy.root / "exercises/01_coroutines/greet.py").write_text("# the learner's own business\n")
        (copy.root / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = '-x'\n")
        assert copy.look() == ["pyproject.toml"]
    finally:
        copies.close()
    assert not copies.folder.exists()


def started(guard: isolation.Guard[str], key: str, pristine: isolation.Tree) -> isolation.Tree:
    copy = guard.copy_for(key, pristine, GREET)
    guard.start(key)
    return copy


def test_who_wrote_into_the_grader_files(tmp_path):
    pristine = recorded(small_kata(tmp_path / "private" / "kata"))
    source = recorded(small_kata(tmp_path / "kata"), owned=False)
    suite = "tests/01_coroutines/test_await_chain.py"
    guard: isolation.Guard[str] = isolation.Guard([pristine, source])
    try:
        # Alone from start to end: it did it, and the source is put back.
        copy = started(guard, "ann", pristine)
        (source.root / suite).write_text("forged\n")
        ended = guard.end("ann", copy)
        assert (ended.outcome, ended.names) == (isolation.Outcome.WROTE, [suite])
        assert isolation.kata_files(source.root) == source.files

        # Side by side: whoever was running is checked again, alone.
        ann, bea = started(guard, "ann", pristine), started(guard, "bea", pristine)
        (pristine.root / suite).write_text("forged\n")
        assert guard.end("ann", ann).outcome is isolation.Outcome.AGAIN
        assert isolation.kata_files(pristine.root) == pristine.files, "the grader's own copy is put back at once"
        assert guard.end("bea", bea).outcome is isolation.Outcome.AGAIN
        assert guard.take_again() == ["ann", "bea"]
        assert guard.end("bea", started(guard, "bea", pristine)).outcome is isolation.Outcome.CLEAN
        copy = started(guard, "ann", pristine)
        (copy.root / suite.replace("await_chain", "greet")).write_text("forged\n")
        assert guard.end("ann", copy).outcome is isolation.Outcome.WROTE

        # A change of the source no check repeats alone: left as it is, and said.
        bea, cy = started(guard, "bea", pristine), started(guard, "cy", pristine)
        (source.root / "kata.toml").write_text("[kata]\n# the teacher's edit\n")
        guard.end("bea", bea)
        guard.end("cy", cy)
        for name in guard.take_again():
            assert guard.end(name, started(guard, name, pristine)).outcome is isolation.Outcome.CLEAN
    finally:
        guard.close()
    assert (source.root / "kata.toml").read_text() == "[kata]\n# the teacher's edit\n"
    assert any("changed while grading (kata.toml)" in note for note in source.incidents), source.incidents


@pytest.mark.skipif(launch.runner_kind(environ={}) != "fork", reason="the warm runner is Linux-only")
def test_the_warm_parent_is_handed_no_path(tmp_path, monkeypatch):
    sent: list[dict] = []
    send = launch.WarmParent.send

    def recording(self, message, fds=None):
        sent.append(message)
        return send(self, message, fds)

    monkeypatch.setattr(launch.WarmParent, "send", recording)
    kata = mini_kata(tmp_path / "kata", ["greet", "await_chain"])
    prepared = trust.prepare(tmp_path / "private", pristine_dir=kata, graded=None)
    staged = {}
    for exercise in prepared.catalog.exercises:
        work = tmp_path / "private" / exercise.name
        trust.stage_file(solution(exercise.name).encode(), exercise, work)
        staged[exercise.name] = (exercise, work)
    with runner.Runner(graded=True, kind="fork") as chosen:
        checks = [runner.Check(exercise, work / "exercises", prepared.sealed) for exercise, work in staged.values()]
        results = asyncio.run(runner.check_many(prepared.sealed.root, checks, runner=chosen))
        assert chosen.kind == "fork"
    assert [r.status for r in results] == [Status.PASS, Status.PASS], [r.message for r in results]
    starts = [message for message in sent if message.get("op") == "start"]
    assert len(starts) == 2 and not any("cwd" in message for message in starts)
    assert str(tmp_path) not in json.dumps(starts) and tempfile.gettempdir() not in json.dumps(
        [message["args"] for message in starts])


def test_a_tree_whose_folder_was_replaced_is_never_written_through(tmp_path):
    root = small_kata(tmp_path / "kata")
    tree = recorded(root, owned=False)
    elsewhere = small_kata(tmp_path / "elsewhere")
    (elsewhere / "tests/01_coroutines/test_other.py").write_text("theirs\n")
    root.rename(tmp_path / "moved")
    root.symlink_to(elsewhere, target_is_directory=True)
    assert tree.look()
    tree.restore()
    assert (elsewhere / "tests/01_coroutines/test_other.py").read_text() == "theirs\n"
    assert any("could not be put back" in note for note in tree.incidents), tree.incidents
