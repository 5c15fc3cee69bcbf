"""A class of generated submissions for `kata grade`, with the gradebook they must produce.

Each student's exercise files are of a known kind, so the expected points are known without running
anything (KINDS): a reference solution earns the exercise's points, everything else earns 0 (stubs
fail every test; broken and hostile files crash, forge or cheat). Submissions come as folders, nested folders
(a clone inside a folder), zip files (plain or with GitHub's "<repo>-main/" prefix), hostile zips
(path-traversal names, a symbolic link) and corrupt zips.

A kind can also be a known-wrong or right variant of the exercise (`wrong_<slug>`, `right_<slug>`,
from selftests/variants/; a wrong one may earn partial credit, so it has no expected row),
`script`: the stub, printing `<script>alert(1)</script>` when imported (what a failing test's code
printed is part of its result), or `hang`: a solution whose coroutine functions all spin forever once
called.

Used by selftests/test_grade.py (six students), `python benchmarks/grader.py grade` (thirty) and the
class report's generated class (selftests/report_class.py).
"""
from __future__ import annotations

import csv
import io
import random
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from grader.catalog import Catalog
from grader.dev.variants import VARIANTS, Variant
from selftests.conftest import ROOT

NOTICE = "::notice title=Autograding complete::Points 100/100"
SCRIPT = "<script>alert(1)</script>"
HANG = '''
import inspect as _inspect


async def _spin(*args, **kwargs):
    while True:
        pass


for _name, _value in list(globals().items()):
    # The module check first: Python 3.12.1 calls the inspect module itself a coroutine function.
    if getattr(_value, "__module__", None) == __name__ and _inspect.iscoroutinefunction(_value):
        globals()[_name] = _spin
'''
FORGE = '''
import json, os
line = json.dumps({"event": "test", "id": "x", "status": "pass"}) + "\\n"
for fd in os.listdir("/proc/self/fd"):
    try:
        os.write(int(fd), line.encode()) if int(fd) > 2 else None
    except OSError:
        pass
os._exit(0)
'''
# kind -> does it earn the exercise's points?
KINDS = {
    "solution": True, "stub": False, "missing": False, "syntax": False, "raise_import": False,
    "exit_import": False, "forge": False, "notice": False, "huge": False, "symlink": False, "spin": False,
}
CONTAINERS = ("folder", "nested", "zip", "zip-prefixed", "zip-hostile", "corrupt")


def _source(folder: str, name: str) -> str:
    [path] = (ROOT / folder).glob(f"*/{name}.py")
    return path.read_text()


def code_for(kind: str, name: str, student: str, personal: bool = True) -> str | None:
    """The file a student of this kind hands in (None: no file).

    With `personal`, every student's file is their own, so nothing is graded only once; without it,
    students of the same kind hand in the same bytes (as if they shared them), graded once for all.
    """
    mine = f"# {student}\n" if personal else ""
    if kind.startswith(("wrong_", "right_")):
        found = list((ROOT / VARIANTS).glob(f"*/{name}/{kind}.py"))
        if len(found) != 1:
            raise ValueError(f"selftests/variants/ has no single {kind}.py for {name}")
        return mine + Variant(found[0]).source(_source("exercises", name))
    if kind == "stub":
        return _source("exercises", name)
    made = MADE_FROM.get(kind)
    return None if made is None else mine + made(name)  # None: missing; a symlink is made by the container


# What each kind of student hands in, built from the exercise's solution or stub.
MADE_FROM: dict[str, Callable[[str], str]] = {
    "solution": lambda name: _source("solutions", name),
    "syntax": lambda name: _source("solutions", name) + "\ndef broken(:\n",
    "raise_import": lambda name: _source("solutions", name) + "\nraise ValueError('not today')\n",
    "exit_import": lambda name: _source("solutions", name) + "\nimport os\nos._exit(0)\n",
    "forge": lambda name: _source("exercises", name) + FORGE,
    "notice": lambda name: f"print({NOTICE!r})\n" + _source("exercises", name),
    "huge": lambda name: _source("solutions", name) + "#" * 300_000 + "\n",
    "script": lambda name: _source("exercises", name) + f"\nprint({SCRIPT!r})\n",
    # every coroutine function of the file spins when called: a test's time bound ends it
    "hang": lambda name: _source("solutions", name) + HANG,
    # never finishes importing: the per-test time bound ends it
    "spin": lambda name: _source("solutions", name) + "\nwhile True:\n    pass\n",
}


def write_submission(folder: Path, student: str, kinds: dict[str, str], container: str, catalog: Catalog,
                     personal: bool = True) -> None:
    files: dict[str, bytes] = {}
    links: list[str] = []
    for exercise in catalog.exercises:
        path = exercise.shown_path
        kind = kinds[exercise.name]
        if kind == "symlink":
            links.append(path)
        elif (code := code_for(kind, exercise.name, student, personal)) is not None:
            files[path] = code.encode()
    files["README.md"] = f"# {student}'s kata\n".encode()
    files["tests/01_coroutines/test_greet.py"] = b"def test_everything():\n    pass\n"  # ignored

    if container in ("folder", "nested"):
        _write_folder(folder / student / ("asyncio-kata" if container == "nested" else ""), files, links)
    else:
        _write_zip(folder / f"{student}.zip", container, files, links)


def _write_folder(base: Path, files: dict[str, bytes], links: list[str]) -> None:
    for path, data in files.items():
        (base / path).parent.mkdir(parents=True, exist_ok=True)
        (base / path).write_bytes(data)
    for path in links:
        (base / path).parent.mkdir(parents=True, exist_ok=True)
        (base / path).symlink_to("/etc/passwd")


def _write_zip(target: Path, container: str, files: dict[str, bytes], links: list[str]) -> None:
    if container == "corrupt":
        target.write_bytes(b"PK\x03\x04 this is not a zip file")
        return
    prefix = "asyncio-kata-main/" if container in ("zip-prefixed", "zip-hostile") else ""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(prefix + path, data)
        for path in links:
            info = zipfile.ZipInfo(prefix + path)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
        if container == "zip-hostile":
            archive.writestr("../../escaped.py", "print('out of the folder')\n")
            archive.writestr(f"{prefix}exercises/../../../escaped_too.py", "x = 1\n")
            archive.writestr("/tmp/absolute/exercises/01_coroutines/greet.py", "async def greet(n):\n    return 1\n")


def expected_row(student: str, kinds: dict[str, str], container: str, catalog: Catalog) -> list[str]:
    if container == "corrupt":
        points = [0 for _ in catalog.exercises]
    else:
        points = [e.points if KINDS[kinds[e.name]] else 0 for e in catalog.exercises]
    possible = sum(e.points for e in catalog.exercises)
    status = ("unreadable" if container == "corrupt"
              else "complete" if all(KINDS[kinds[e.name]] for e in catalog.exercises) else "incomplete")
    return [student, *map(str, points), str(sum(points)), f"{100 * sum(points) / possible:.1f}", status]


def expected_csv(rows: list[list[str]], catalog: Catalog) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *(e.name for e in catalog.exercises), "total", "percent", "status"])
    writer.writerows(sorted(rows))
    return buffer.getvalue()


def make_class(folder: Path, catalog: Catalog, plan: dict[str, tuple[str, dict[str, str]]]) -> str:
    """Write the submissions of `plan` ({student: (container, {exercise: kind})}); the expected CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for student, (container, kinds) in plan.items():
        write_submission(folder, student, kinds, container, catalog)
        rows.append(expected_row(student, kinds, container, catalog))
    return expected_csv(rows, catalog)


MIX = {"solution": 40, "stub": 25, "missing": 5, "syntax": 5, "raise_import": 4, "exit_import": 5,
       "forge": 5, "notice": 5, "huge": 2, "symlink": 3, "spin": 1}


def random_plan(catalog: Catalog, students: int, seed: int = 6,
                weights: dict[str, int] | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """A mixed class: mostly solutions and stubs, some broken and hostile files (`weights`, by default
    MIX), every container."""
    rng = random.Random(seed)
    weights = weights or MIX
    plan = {}
    for number in range(1, students + 1):
        container = CONTAINERS[(number - 1) % len(CONTAINERS)]
        kinds = {e.name: rng.choices(list(weights), list(weights.values()))[0] for e in catalog.exercises}
        if number % 10 == 1:
            kinds = {e.name: "solution" for e in catalog.exercises}  # a few perfect scores
        plan[f"student{number:02d}"] = (container, kinds)
    return plan
