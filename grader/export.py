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

import argparse
import re
import shutil
import tomllib
from pathlib import Path

import grader
from grader import catalog as catalog_module
from grader import pristine, readme, trust
from grader.catalog import Catalog, CatalogError, Exercise

WORKFLOW = Path(".github/workflows/classroom.yml")
COPIED = (".gitignore", ".vscode/settings.json", ".vscode/extensions.json")


class ExportError(trust.TrustError):
    """The export cannot be made as asked; the message says why."""


def add_parser(commands) -> None:
    export = commands.add_parser("export", help="write a student assignment repository (no solutions)")
    export.add_argument("dest", type=Path, metavar="DEST", help="an empty or new folder")
    export.add_argument("--topics", default=None, metavar="T1,T2", help="only these topics (e.g. 01_coroutines)")
    export.add_argument("--exercises", default=None, metavar="N1,N2", help="only these exercises")
    export.add_argument("--template", default="", metavar="OWNER/NAME",
                        help="the template repository the classroom workflow grades with")
    export.add_argument("--ref", default="main", metavar="REF",
                        help="its branch, tag or commit to grade with (default: main; a tag pins it)")


def _names(value: str | None) -> list[str] | None:
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
    """The stub as shipped: the file itself if unchanged, else the shipped version from git."""
    path = catalog.root / "exercises" / exercise.relative_path
    recorded = pristine.manifest().get(pristine.stub_key(exercise))
    if path.is_file():
        content = path.read_bytes()
        if recorded is None or pristine.blob_id(content) == recorded:
            return content
    try:
        return pristine.shipped_stub(catalog, exercise)
    except pristine.PristineError as error:
        raise ExportError(f"exercises/{exercise.relative_path.as_posix()} is not as shipped: {error}") from None


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
    table = readme.exercise_table(catalog)
    total = sum(e.points for e in catalog.exercises)
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

{readme.START}
{table}
{readme.END}

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
        _write(dest, Path("exercises") / exercise.relative_path, stub)
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


def cmd_export(args: argparse.Namespace, out) -> int:
    catalog = catalog_module.load()
    dest = args.dest.resolve()
    if dest == catalog.root or any(dest.is_relative_to(catalog.root / f) for f in ("exercises", "tests", "grader")):
        raise ExportError(f"{args.dest}: export into a folder of its own, outside this kata's files.")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(f"{args.dest} is not empty: export into a new or empty folder.")
    try:
        chosen = select(catalog, _names(args.topics), _names(args.exercises))
    except CatalogError as error:
        raise ExportError(str(error)) from None
    export(catalog, dest, chosen, template=args.template, ref=args.ref)
    points = sum(e.points for e in chosen)
    out.print(f"Exported {len(chosen)} exercises ({points} points) to {dest}", markup=False, highlight=False)
    out.print("Next: git init, commit, push it as the assignment's template repository; see README "
              "(For teachers).", markup=False, highlight=False)
    return 0
