"""The exercise files as shipped, for `kata reset`.

A clone of the kata carries every shipped version of every stub in its git history. The manifest
(grader/pristine.json) records the git blob id of each stub as shipped, so `kata reset` can get it
back with `git cat-file` even after the learner has edited and committed the file.

Maintainers refresh the manifest after changing a stub (a self-test insists):
    python -m grader.pristine --update
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.catalog import load as load_catalog

MANIFEST = Path(__file__).with_name("pristine.json")


class PristineError(Exception):
    """The shipped version cannot be found; the message says what to do instead."""


def blob_id(content: bytes) -> str:
    """The id git gives a file with this content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def stub_key(exercise: Exercise) -> str:
    return f"exercises/{exercise.topic}/{exercise.name}.py"


def manifest() -> dict[str, str]:
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current_manifest(catalog: Catalog) -> dict[str, str]:
    """The manifest the exercises/ folder as it is now would have."""
    return {
        stub_key(e): blob_id((catalog.root / stub_key(e)).read_bytes())
        for e in catalog.exercises
        if (catalog.root / stub_key(e)).is_file()
    }


def shipped_stub(catalog: Catalog, exercise: Exercise) -> bytes:
    wanted = manifest().get(stub_key(exercise))
    if wanted is None:
        raise PristineError(f"The kata does not record a shipped version of {exercise.name}.")
    try:
        shown = subprocess.run(
            ["git", "cat-file", "blob", wanted], cwd=catalog.root, capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PristineError(f"git is needed to restore {exercise.name}, and it did not run: {error}") from None
    if shown.returncode != 0 or blob_id(shown.stdout) != wanted:
        raise PristineError(
            f"The shipped version of {exercise.name} is not in this folder's git history. "
            "Restore it from a fresh clone of the kata."
        )
    return shown.stdout


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print(__doc__)
        return 2
    catalog = load_catalog(Path(__file__).resolve().parent.parent)
    MANIFEST.write_text(json.dumps(current_manifest(catalog), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
