"""The learner's progress: which exercises passed, and how many hints each has revealed.

It lives in `.kata-progress.json` at the kata root: small, readable, written atomically (a crash
mid-write leaves the old file), and only a cache. Checks are the truth; a missing or unreadable
file is rebuilt empty with a one-line notice, and exercises that left the catalog are dropped.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Catalog

STATE_FILE = ".kata-progress.json"


@dataclass
class Progress:
    done: set[str] = field(default_factory=set)
    hints_shown: dict[str, int] = field(default_factory=dict)
    notice: str = ""  # set when the file had to be rebuilt

    def next_pending(self, catalog: Catalog):
        return next((e for e in catalog.exercises if e.name not in self.done), None)


def load(catalog: Catalog) -> Progress:
    path = catalog.root / STATE_FILE
    if not path.exists():
        return Progress()
    known = {e.name for e in catalog.exercises}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        done = {name for name in data.get("done", []) if name in known}
        hints = {k: int(v) for k, v in data.get("hints_shown", {}).items() if k in known}
    except (OSError, ValueError, TypeError, AttributeError):
        return Progress(notice=f"Note: {STATE_FILE} was unreadable, so progress starts afresh from checks.")
    return Progress(done=done, hints_shown=hints)


def save(catalog: Catalog, progress: Progress) -> None:
    ordered = [e.name for e in catalog.exercises if e.name in progress.done]
    text = json.dumps({"done": ordered, "hints_shown": progress.hints_shown}, indent=2) + "\n"
    path = catalog.root / STATE_FILE
    try:
        handle, temporary = tempfile.mkstemp(dir=catalog.root, prefix=".kata-progress.", suffix=".tmp")
    except OSError:
        return  # progress is a convenience; a read-only checkout still grades correctly
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
