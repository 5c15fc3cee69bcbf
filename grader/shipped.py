"""The exercise files as shipped, for `kata reset`, `kata export` and the stub checks.

A clone of the kata carries every shipped version of every stub in its git history. The manifest
`grader/shipped.json` (see grader.manifest) records each stub as shipped, so a stub can be got back
with `git cat-file` even after the learner has edited and committed the file.

Maintainers refresh it after changing a stub (`kata dev update`; `kata dev check` insists).
"""
from __future__ import annotations

from pathlib import Path

from grader import manifest
from grader.catalog import Catalog, Exercise
from grader.errors import ShippedError

MANIFEST_NAME = "shipped.json"
INSTALLED = Path(__file__).with_name(MANIFEST_NAME)


def manifest_path(catalog: Catalog) -> Path:
    """The kata's own manifest (grader/shipped.json beside its catalog), else the installed grader's."""
    own = catalog.root / "grader" / MANIFEST_NAME
    return own if own.is_file() else INSTALLED


def recorded(catalog: Catalog) -> manifest.Files:
    try:
        return manifest.loads(manifest_path(catalog).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current(catalog: Catalog) -> manifest.Files:
    """The manifest that the exercises/ folder as it is now would have."""
    present = [e.shown_path for e in catalog.exercises if catalog.exercise_file(e).is_file()]
    return manifest.build(catalog.root, present)


def write(catalog: Catalog) -> Path:
    path = catalog.root / "grader" / MANIFEST_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(manifest.dumps(current(catalog)), encoding="utf-8")
    return path


def stub(catalog: Catalog, exercise: Exercise) -> bytes:
    """The stub as shipped: the file itself if it is unchanged, else the shipped version from git."""
    wanted = recorded(catalog).get(exercise.shown_path)
    if wanted is None:
        raise ShippedError(f"The kata does not record a shipped version of {exercise.name}.")
    path = catalog.exercise_file(exercise)
    if path.is_file() and manifest.matches(path.read_bytes(), wanted):
        return path.read_bytes()
    content = manifest.from_git(catalog.root, wanted)
    if content is None:
        raise ShippedError(
            f"The shipped version of {exercise.name} is not in this folder's git history. "
            "Restore it from a fresh clone of the kata."
        )
    return content


def is_shipped(catalog: Catalog, exercise: Exercise) -> bool:
    """The learner's file is exactly the stub as shipped."""
    wanted = recorded(catalog).get(exercise.shown_path)
    path = catalog.exercise_file(exercise)
    return wanted is not None and path.is_file() and manifest.matches(path.read_bytes(), wanted)
