"""Graded runs a teacher can trust: the manifest, the pristine source, and the private run folder.

A graded run (`kata check --format classroom50` and the other platforms' formats, `kata grade`) takes
nothing from the learner but the exercise files. Everything else comes from a *pristine source*, in
this order:

1. `--pristine DIR` (or $KATA_PRISTINE): a copy of the assignment the learner cannot touch, e.g. the
   copy in a Classroom 50 or Gradescope bundle, or the template checked out at a pinned ref;
2. else the manifest in the graded folder (.kata/manifest.json, written by `kata export`): the
   SHA-256 and the git blob id of every protected file; an unchanged file is used as it is, a
   changed one is recovered from git history by its blob id, and never run as changed;
3. else (the kata's own repository, a teacher's copy) the folder's own files.

Every protected file the learner changed, removed or added is reported by name. The pristine suites,
catalog and pytest configuration are laid out in a private folder (mkdtemp: mode 0700, a name
nobody can guess), where the parent collects the test ids; each check then runs in a copy of its own
of exactly the files it reads, beside the learner's exercise file alone (grader.engine.isolation), so
a conftest.py, an asyncio.py or any other file in the learner's tree is never on pytest's or Python's
path, and no check can change the files another is graded with.
"""
from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import grader
from grader import catalog as catalog_module
from grader import manifest
from grader.catalog import Catalog, Exercise
from grader.engine import isolation, runner, verdict
from grader.errors import CatalogError, TrustError
from grader.results import ExerciseResult, Status

MANIFEST_PATH = ".kata/manifest.json"
# The grading workflows `kata export --for github-actions|gitlab` writes are protected where present.
PROTECTED_FILES = ("kata.toml", "pyproject.toml", ".github/workflows/kata-grading.yml", ".gitlab-ci.yml")
PROTECTED_FOLDERS = ("tests", "grader")
# What a graded run takes from a learner: each exercise file, up to this size.
MAX_EXERCISE_BYTES = 256 * 1024


def _ignored(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo") or path.name == ".DS_Store"


def protected_files(root: Path, *, with_manifest: bool = False) -> list[str]:
    """The files of `root` a learner must not change, relative, with / separators, sorted.

    The manifest cannot record itself; against a pristine copy it is compared like the others.
    """
    names = (*PROTECTED_FILES, MANIFEST_PATH) if with_manifest else PROTECTED_FILES
    found = [name for name in names if (root / name).is_file()]
    for folder in PROTECTED_FOLDERS:
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            found += [
                path.relative_to(root).as_posix()
                for path in base.rglob("*")
                if (path.is_file() or path.is_symlink()) and not _ignored(path.relative_to(root))
            ]
    return sorted(found)


def write_manifest(root: Path) -> Path:
    target = root / MANIFEST_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(manifest.dumps(manifest.build(root, protected_files(root))), encoding="utf-8")
    return target


def read_manifest(root: Path) -> manifest.Files | None:
    """The manifest's files, None without one; a malformed one is an error."""
    path = root / MANIFEST_PATH
    if not path.is_file():
        return None
    try:
        return manifest.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise TrustError(f"{MANIFEST_PATH} is unreadable, so the protected files cannot be checked. "
                         "Restore it as shipped, or grade with --pristine DIR.") from None


def _read_regular(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file (never through a symbolic link), None if it is anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return file.read() if limit is None else file.read(limit + 1)


# --- Where the pristine files come from ---------------------------------------------------------

@dataclass
class Findings:
    """What the check of the protected files found, and where the pristine files came from."""

    source: str
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unrecoverable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def protected_changes(self) -> list[str]:
        """Every protected file that is not as shipped: changed, removed or added."""
        return sorted({*self.changed, *self.missing, *self.added})

    def lines(self) -> list[str]:
        out = []
        for label, names in (("changed", self.changed), ("removed", self.missing), ("added", self.added)):
            for name in names:
                out.append(f"Protected file {label}: {name} (graded with the shipped version, never with this one)"
                           if label != "added" else f"Protected folder has an added file: {name} (ignored)")
        out += [f"Cannot grade with {name}: it was changed and its shipped version is not available"
                for name in self.unrecoverable]
        return out + self.notes


class _Source:
    """Pristine bytes by file name, and the SHA-256 each protected file must have."""

    def __init__(self, reference: dict[str, str], read: Callable[[str], bytes | None], description: str,
                 folder: Path | None = None) -> None:
        self.reference = reference
        self.read = read  # name -> bytes | None, already checked against the reference
        self.description = description
        self.folder = folder  # the folder the files are read from as they are, if they are


def _folder_source(root: Path, description: str) -> _Source:
    files = {name: (root / name) for name in protected_files(root, with_manifest=True)}
    data = {name: _read_regular(path) for name, path in files.items()}
    reference = {name: manifest.sha256(content) for name, content in data.items() if content is not None}
    return _Source(reference, data.get, description, folder=root)


def _manifest_source(root: Path, files: manifest.Files) -> _Source:
    def read(name: str) -> bytes | None:
        wanted = files[name]
        content = _read_regular(root / name)
        return content if manifest.matches(content, wanted) else manifest.from_git(root, wanted)

    reference = {name: entry["sha256"] for name, entry in files.items()}
    return _Source(reference, read, f"the shipped versions recorded in {MANIFEST_PATH}")


def _choose_source(graded: Path | None, pristine_dir: Path | None, findings_notes: list[str]) -> _Source:
    if pristine_dir is not None:
        root = pristine_dir.resolve()
        if not (root / catalog_module.CATALOG_FILE).is_file() or not (root / "tests").is_dir():
            raise TrustError(f"--pristine {pristine_dir}: not a copy of the kata (no kata.toml and tests/ there).")
        source = _folder_source(root, f"the pristine copy in {root}")
        recorded = read_manifest(root)
        if recorded is not None:
            stale = sorted(n for n, e in recorded.items() if source.reference.get(n) != e["sha256"])
            if stale:
                findings_notes.append(f"The pristine copy differs from its own manifest ({', '.join(stale[:5])}); "
                                      "its files were used.")
        return source
    if graded is None:
        raise TrustError("A graded run needs a pristine source.")
    recorded = read_manifest(graded)
    if recorded is not None:
        return _manifest_source(graded, recorded)
    findings_notes.append("No manifest: the kata's own files were used as they are.")
    return _folder_source(graded, f"the kata's own files in {graded}")


# --- The private run folder ---------------------------------------------------------------------

@dataclass
class Prepared:
    """A graded run, ready to go: the pristine catalog and the settings for the runner."""

    catalog: Catalog
    sealed: runner.Sealed
    findings: Findings
    private: Path
    # Exercises that cannot be graded (their suite was changed and is not available), with the reason.
    ungradable: dict[str, str] = field(default_factory=dict)
    # Exercises whose pristine suite could not be loaded (a grader error), with pytest's reason.
    unloadable: dict[str, str] = field(default_factory=dict)

    def not_graded(self, exercise: Exercise) -> ExerciseResult | None:
        """The result of an exercise that cannot be graded at all, None for the others."""
        if exercise.name in self.ungradable:
            return ExerciseResult(exercise, Status.ERROR, self.ungradable[exercise.name])
        if exercise.name in self.unloadable:
            return verdict.grader_error(exercise, "the kata's tests for it could not be loaded:",
                                        self.unloadable[exercise.name])
        return None

    def scrub(self, text: str) -> str:
        """A message without the private folder's name in it (so re-runs read the same)."""
        return text.replace(f"{self.private}{os.sep}", "").replace(str(self.private), "")


def prepare(private: Path, *, pristine_dir: Path | None, graded: Path | None) -> Prepared:
    """Check the protected files of `graded`, and lay out the pristine kata in `private`."""
    private = private.resolve()
    notes: list[str] = []
    source = _choose_source(graded, pristine_dir, notes)
    findings = Findings(source=source.description, notes=notes)
    if graded is not None and (pristine_dir is None or graded.resolve() != pristine_dir.resolve()):
        _compare_protected(graded, source, findings)
    root = private / "kata"
    catalog = _lay_out(source, root, findings)
    findings.notes += _installed_grader_notes(source)
    ungradable = {
        e.name: f"The kata's tests for {e.name} ({e.suite_id}) were changed or removed, and their "
                "shipped version is not available, so the exercise was not graded."
        for e in catalog.exercises if not (root / e.test_path).is_file()
    }
    collectable = [e for e in catalog.exercises if e.name not in ungradable]
    expected, problems = _collect(root, collectable, private)
    pristine, source_tree = _recorded(root, source)
    sealed = runner.Sealed(root=root, expected=expected, pristine=pristine, source=source_tree)
    unloadable = {e.name: _why_not_collected(e, problems) for e in collectable if not expected.get(e.suite_id)}
    return Prepared(catalog=catalog, sealed=sealed, findings=findings, private=private, ungradable=ungradable,
                    unloadable=unloadable)


def _recorded(root: Path, source: _Source) -> tuple[isolation.Tree, isolation.Tree | None]:
    """The laid-out kata as recorded (what every check's copy is made from), and the folder it came
    from, if it is one; both are verified after every check (grader.engine.isolation)."""
    laid = isolation.kata_files(root)
    pristine = isolation.Tree(root, laid, label="the grader's copy of the kata", owned=True)
    if source.folder is None:
        return pristine, None
    files = isolation.kata_files(source.folder, laid)
    return pristine, isolation.Tree(source.folder, files, label=f"the kata in {source.folder}", owned=False,
                                    caches_count=False)


def _compare_protected(graded: Path, source: _Source, findings: Findings) -> None:
    """Name every protected file of `graded` that was changed, removed or added."""
    present = set(protected_files(graded, with_manifest=MANIFEST_PATH in source.reference))
    for name, digest in sorted(source.reference.items()):
        if name not in present:
            findings.missing.append(name)
        elif (content := _read_regular(graded / name)) is None or manifest.sha256(content) != digest:
            findings.changed.append(name)
    findings.added = sorted(present - source.reference.keys())


def _lay_out(source: _Source, root: Path, findings: Findings) -> Catalog:
    """Write the pristine catalog, config and suites under `root`; the catalog they make."""
    for name in sorted(source.reference):
        if not (name in ("kata.toml", "pyproject.toml") or name.startswith("tests/")):
            continue
        content = source.read(name)
        if content is None:
            findings.unrecoverable.append(name)
            continue
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for required in ("kata.toml", "pyproject.toml"):
        if not (root / required).is_file():
            raise TrustError(f"{required} was changed or removed, and its shipped version is not available: "
                             "grade with --pristine DIR (the assignment as shipped).")
    try:
        return catalog_module.load(root)
    except CatalogError as error:
        raise TrustError(f"The pristine catalog cannot be read: {error}") from None


def _collect(root: Path, exercises: list[Exercise], private: Path) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """The test ids of each pristine suite, collected by a run that loads no learner code, and what
    went wrong while collecting (pytest's words)."""
    if not exercises:
        return {}, []
    scratch = private / "collect"
    scratch.mkdir(exist_ok=True)
    ids, problems = asyncio.run(runner.collect_test_ids(root, [e.test_path for e in exercises], scratch))
    expected: dict[str, tuple[str, ...]] = {}
    for exercise in exercises:
        prefix = exercise.suite_id + "::"
        expected[exercise.suite_id] = tuple(i for i in ids if i.startswith(prefix))
    return expected, problems


def _why_not_collected(exercise: Exercise, problems: list[str]) -> str:
    """The collection problem that names this exercise's suite, else the run's own, else a plain note."""
    mine = [p for p in problems if exercise.test_path.name in p]
    return (mine or problems or ["pytest found no tests in it."])[0]


def _installed_grader_notes(source: _Source) -> list[str]:
    """Protected grader files whose installed copy (the code that runs) differs from the shipped one."""
    installed = Path(grader.__file__).resolve().parent
    differing = []
    for name, digest in sorted(source.reference.items()):
        if name.startswith("grader/"):
            content = _read_regular(installed / name.removeprefix("grader/"))
            if content is None or manifest.sha256(content) != digest:
                differing.append(name)
    if not differing:
        return []
    shown = ", ".join(differing[:5]) + (f" and {len(differing) - 5} more" if len(differing) > 5 else "")
    return [f"The installed grader differs from the assignment's ({shown}): install the kata from the "
            "assignment as shipped."]


# --- The learner's files ------------------------------------------------------------------------

def stage_file(content: bytes, exercise: Exercise, work: Path) -> Path:
    """Put one learner file where a graded run reads it: <work>/exercises/<topic>/<name>.py."""
    kata_dir = work / catalog_module.EXERCISES
    target = exercise.file_in(kata_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return kata_dir


def read_exercise(folder: Path, exercise: Exercise) -> tuple[bytes | None, str | None]:
    """A learner's exercise file from `folder` (their exercises/ or --dir): (content, problem)."""
    shown = exercise.shown_path
    path = exercise.file_in(folder)
    for part in (folder / exercise.topic, path):
        if part.is_symlink():
            return None, f"{shown} is a symbolic link: only regular files are graded."
    if not path.exists():
        return None, f"{shown} is missing."
    content = _read_regular(path, MAX_EXERCISE_BYTES)
    if content is None:
        return None, f"{shown} is not a regular file."
    if len(content) > MAX_EXERCISE_BYTES:
        return None, f"{shown} is larger than {MAX_EXERCISE_BYTES // 1024} KiB: not graded."
    return content, None


def stray_files(folder: Path, catalog: Catalog) -> list[str]:
    """Files in the learner's exercises/ that are not exercise files (never used by a graded run)."""
    if not folder.is_dir():
        return []
    known = {e.relative_path.as_posix() for e in catalog.exercises}
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (path.is_file() or path.is_symlink()) and not _ignored(relative) and relative.as_posix() not in known:
            found.append(f"{catalog_module.EXERCISES}/{relative.as_posix()}")
    return found
