"""`kata export DEST`: a student assignment repository, e.g. a GitHub Classroom template.

    kata export DEST [--topics 01_coroutines,02_concurrency] [--exercises greet,...]
                     [--template OWNER/NAME] [--ref REF]

DEST gets the stubs (as shipped, even if this copy's exercises were solved), their suites, the
grader, pyproject.toml, a student README, the classroom workflow, .gitignore and the manifest
(.kata/manifest.json: SHA-256 and git blob id of every file the student must not change). It gets
no solutions, no known-wrong variants (whose right_*.py files are solutions too), no self-tests and
no benchmarks. With --topics or --exercises the catalog is cut down to the selection, comments kept.

--template and --ref name the template repository the workflow grades with (the pristine source);
without them it grades with the repository's first commit (see README: For teachers).
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

WORKFLOW = Path(".github/workflows/classroom.yml")
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


def workflow_text(source: str, template: str, ref: str) -> str:
    if template and not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", template):
        raise ExportError(f"--template {template}: write it as OWNER/NAME.")
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", ref):
        raise ExportError(f"--ref {ref}: a branch, tag or commit name.")
    text, count = re.subn(r'(?m)^(\s*KATA_TEMPLATE:).*$', lambda m: f'{m[1]} "{template}"', source)
    text, count_ref = re.subn(r'(?m)^(\s*KATA_REF:).*$', lambda m: f'{m[1]} "{ref}"', text)
    if count != 1 or count_ref != 1:
        raise ExportError(f"{WORKFLOW} has no KATA_TEMPLATE / KATA_REF settings to fill in.")
    return text


def student_readme(catalog: Catalog) -> str:
    table = exercise_table(catalog)
    total = catalog.points
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
names, read the lesson at the top, replace each `# TODO` with your code, and run `kata` again (or
`kata watch`, which re-checks every time you save).

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

## How this assignment is graded

Every push is graded by GitHub Actions (`.github/workflows/classroom.yml`), out of {total} points:

- an exercise that passes earns its points; one that fails earns a share in proportion to its
  passing tests, rounded down to whole points; a timeout or a crash earns 0;
- only your files in `exercises/` are graded. The tests, the grader (`grader/`), `kata.toml`,
  `pyproject.toml` and the workflow are protected: `.kata/manifest.json` records each of them, and
  the grading always uses the versions your teacher shipped. Changing one changes nothing but a
  note to your teacher naming the file;
- `kata check` on your machine runs the same tests, so what passes there passes in the grading.
"""


def _write(dest: Path, relative: str | Path, content: bytes | str) -> None:
    target = dest / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def export(catalog: Catalog, dest: Path, chosen: list[Exercise], *, template: str = "", ref: str = "main") -> Path:
    source = catalog.root
    for exercise in chosen:
        if not (source / exercise.test_path).is_file():
            raise ExportError(f"{exercise.name} has no suite ({exercise.test_path.as_posix()}) yet: "
                              "leave it out with --topics or --exercises.")
    stubs = {e: shipped_stub(catalog, e) for e in chosen}
    workflow_source = source / WORKFLOW
    if not workflow_source.is_file():
        raise ExportError(f"{WORKFLOW} is missing from {source}.")
    workflow = workflow_text(workflow_source.read_text(encoding="utf-8"), template, ref)

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
    _write(dest, WORKFLOW, workflow)
    _write(dest, "README.md", student_readme(catalog_module.load(dest)))
    trust.write_manifest(dest)
    return dest
