"""Manifests: the SHA-256 and the git blob id of a set of files, as shipped.

Two manifests use this one format: `grader/shipped.json` (every stub as shipped, so `kata reset`
can restore one from git history) and an export's `.kata/manifest.json` (every file a student must
not change, so a graded run can tell which were changed and recover the shipped ones).

    {"version": 1, "files": {"exercises/01_coroutines/greet.py": {"sha256": "...", "git": "..."}}}

The git blob id is what lets a file be recovered from a clone's history with `git cat-file`; the
SHA-256 is what a recovered (or present) file is checked against.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

VERSION = 1

Files = dict[str, dict[str, str]]  # relative posix path -> {"sha256": ..., "git": ...}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def entry(data: bytes) -> dict[str, str]:
    return {"sha256": sha256(data), "git": blob_id(data)}


def build(root: Path, names: Iterable[str], read: Callable[[Path], bytes] = Path.read_bytes) -> Files:
    return {name: entry(read(root / name)) for name in sorted(names)}


def dumps(files: Files) -> str:
    return json.dumps({"version": VERSION, "files": files}, indent=2, sort_keys=True) + "\n"


def loads(text: str) -> Files:
    """The files of a manifest; ValueError when it is not one."""
    try:
        files = json.loads(text)["files"]
        if all(isinstance(e["sha256"], str) and isinstance(e["git"], str) for e in files.values()):
            return {str(name): {"sha256": e["sha256"], "git": e["git"]} for name, e in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    raise ValueError("not a kata manifest")


def matches(data: bytes | None, wanted: dict[str, str]) -> bool:
    return data is not None and sha256(data) == wanted["sha256"]


def from_git(root: Path, wanted: dict[str, str]) -> bytes | None:
    """The shipped bytes of a file, from the git history of the repository at `root`, if there."""
    try:
        shown = subprocess.run(["git", "cat-file", "blob", wanted["git"]], cwd=root, capture_output=True,
                               timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return shown.stdout if shown.returncode == 0 and matches(shown.stdout, wanted) else None
