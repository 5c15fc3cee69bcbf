"""`kata export DEST`: the assignment for a class, with no solutions in it.

    kata export DEST [--for repo|classroom50|gradescope|github-actions|gitlab]
                     [--topics 01_coroutines,02_concurrency] [--exercises greet,...]

Every target starts from the student repository (`write_repository`): the stubs as shipped (even
if this copy's exercises were solved), their suites, the grader, the catalog, pyproject.toml, a
student README saying how to work and how to submit, .vscode/, .gitignore and the manifest
(.kata/manifest.json: SHA-256 and git blob id of every protected file, so that an untouched student
repository has no protected changes). It never holds solutions, known-wrong variants (whose
right_*.py files are solutions too), self-tests or benchmarks. With --topics or --exercises the
catalog is cut down to the selection, comments kept.

- `repo` (the default): DEST is that repository, with no workflow; grade it with `kata grade`.
- `classroom50`, `gradescope`: DEST/template/ is the repository, and beside it what the platform
  runs, with DEST/TEACHER.md saying step by step what to do (grader.teacher.platforms).
- `github-actions`, `gitlab`: DEST is the repository with a grading workflow that checks out the
  assignment as shipped from --template at --ref.
"""
from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import grader
from grader import catalog as catalog_module
from grader import shipped
from grader.catalog import Catalog, Exercise
from grader.engine import trust
from grader.errors import ExportError, ShippedError
from grader.formats.exercise_table import END, START, exercise_table
from grader.results import PARTIAL_CREDIT_RULE

COPIED = (".gitignore", ".vscode/settings.json", ".vscode/extensions.json")


def names(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def select(catalog: Catalog, topics: list[str] | None, names: list[str] | None) -> list[Exercise]:
    for topic in topics or []:
        if topic not in catalog.topics:
            raise ExportError(f"There is no topic {topic!r}. Topics: {', '.join(catalog.topics)}.")
    wanted = {catalog.get(name).name for name in names or []}
    chosen = [e for e in catalog.exercises
              if (topics is None or e.topic in topics) and (names is None or e.name in wanted)]
    if not chosen:
        raise ExportError("The selection has no exercises.")
    return chosen


def subset_catalog(text: str, catalog: Catalog, chosen: list[Exercise]) -> str:
    """kata.toml cut down to `chosen`, its comments and layout kept."""
    keep = {e.name for e in chosen}
    topics = {e.topic for e in chosen}
    preamble, *blocks = re.split(r"(?m)^(?=\[\[exercise\]\][ \t]*$)", text)
    kept_blocks = [block for block in blocks if tomllib.loads(block)["exercise"][0]["name"] in keep]
    lines = []
    for line in preamble.splitlines(keepends=True):
        key = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if key and key[1] in catalog.topics and key[1] not in topics:
            continue
        lines.append(line)
    result = "".join(lines) + "".join(kept_blocks)
    if not result.endswith("\n"):
        result += "\n"
    check = tomllib.loads(result)
    if [e["name"] for e in check["exercise"]] != [e.name for e in chosen] or set(check["topics"]) != topics:
        raise ExportError("kata.toml could not be cut down to the selection; export the whole kata instead.")
    return result


def shipped_stub(catalog: Catalog, exercise: Exercise) -> bytes:
    """The stub as shipped, whatever this copy's exercises/ holds now."""
    try:
        return shipped.stub(catalog, exercise)
    except ShippedError as error:
        raise ExportError(f"{exercise.shown_path} is not as shipped: {error}") from None


def student_readme(catalog: Catalog, submitting: str) -> str:
    """The student's README: the kata, how to work, the exercises, and how this assignment is graded."""
    table = exercise_table(catalog)
    return f"""# asyncio kata

Learn Python's `asyncio` by doing. Each exercise is a small file with a lesson at the top and a
function for you to write. A grader checks your code the way an expert would: is it really
concurrent, does it block the event loop, does it leave tasks running, is the answer right? When it
is not, it tells you what went wrong in plain words.

## Quick start

You need Python 3.11 or newer.

```bash
python -m venv .venv && . .venv/bin/activate
pip install -e .
kata
```

`kata` shows your progress and checks the next exercise you have not finished yet. Open the file it
names, read the lesson at the top, replace each `# TODO` with your code, and run `kata` again, or
keep `kata watch` open next to your editor: it checks the exercise every time you save it.

| command | what it does |
|---|---|
| `kata list` | every exercise with its state and points |
| `kata check [NAME ...]` | check exercises (all by default) |
| `kata hint NAME` | the next hint for an exercise |
| `kata reset NAME` | put an exercise file back as it was shipped |
| `kata watch` | re-check the current exercise on every save |

## Exercises

{START}
{table}
{END}

## Submitting and grading

{submitting.strip()}

The grading counts out of {catalog.points} points. {PARTIAL_CREDIT_RULE} Only your files in
`exercises/` are graded: the tests, the grader (`grader/`), `kata.toml` and `pyproject.toml` always
come from the assignment as shipped (`.kata/manifest.json` records them), so changing them changes
nothing but a note to your teacher naming the file. `kata check` on your machine runs the same tests,
so what passes there passes in the grading.
"""


def _write(dest: Path, relative: str | Path, content: bytes | str) -> None:
    target = dest / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def write_repository(catalog: Catalog, dest: Path, chosen: list[Exercise], *, submitting: str,
                     extra: dict[str, str] | None = None) -> Path:
    """The student repository in `dest`, with `extra` files (e.g. a workflow) beside the kata's."""
    source = catalog.root
    for exercise in chosen:
        if not (source / exercise.test_path).is_file():
            raise ExportError(f"{exercise.name} has no suite ({exercise.test_path.as_posix()}) yet: "
                              "leave it out with --topics or --exercises.")
    stubs = {e: shipped_stub(catalog, e) for e in chosen}

    dest.mkdir(parents=True, exist_ok=True)
    for exercise, stub in stubs.items():
        _write(dest, exercise.shown_path, stub)
        _write(dest, exercise.test_path, (source / exercise.test_path).read_bytes())
    package = source / "grader" if (source / "grader" / "__init__.py").is_file() else Path(grader.__file__).parent
    shutil.copytree(package, dest / "grader", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo"))
    catalog_text = subset_catalog((source / catalog_module.CATALOG_FILE).read_text(encoding="utf-8"), catalog, chosen)
    _write(dest, catalog_module.CATALOG_FILE, catalog_text)
    _write(dest, "pyproject.toml", (source / "pyproject.toml").read_bytes())
    for name in COPIED:
        if (source / name).is_file():
            _write(dest, name, (source / name).read_bytes())
    for name, text in (extra or {}).items():
        _write(dest, name, text)
    _write(dest, "README.md", student_readme(catalog_module.load(dest), submitting))
    trust.write_manifest(dest)
    return dest
