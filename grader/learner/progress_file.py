"""The learner's progress file: the current exercise, which exercises passed, and hints revealed.

It lives in `.kata-progress.json` at the kata root: small, readable, written atomically (a crash
mid-write leaves the old file), and only a cache: checks are the truth. Each passed exercise is
stored with a fingerprint of its file as it passed, so an exercise edited since then is known to
be stale and gets re-checked. A file that cannot be read is rebuilt from checks (see
grader.learner.session), with a one-line notice. Only the session changes progress.

    {
      "current": "say_after",
      "done": {"greet": "3f2a9c0d1e4b5a67", "await_chain": "..."},
      "hints_shown": {"say_after": 1}
    }
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Catalog, Exercise

STATE_FILE = ".kata-progress.json"


@dataclass
class Progress:
    done: dict[str, str] = field(default_factory=dict)  # exercise name -> fingerprint as it passed
    hints_shown: dict[str, int] = field(default_factory=dict)
    current: str | None = None
    corrupt: bool = False  # the file could not be read: rebuild `done` from checks
    stale: list[str] = field(default_factory=list)  # done, but edited since: re-check these
    notice: str = ""  # what refreshing had to do, in one line

    def is_done(self, exercise: Exercise) -> bool:
        return exercise.name in self.done

    def mark(self, exercise: Exercise, passed: bool, fingerprint: str) -> None:
        if passed:
            self.done[exercise.name] = fingerprint
        else:
            self.done.pop(exercise.name, None)

    def next_pending(self, catalog: Catalog, after: Exercise | None = None) -> Exercise | None:
        """The first exercise not done, in catalog order (starting after `after`, wrapping round)."""
        exercises = list(catalog.exercises)
        if after is not None and after in exercises:
            start = exercises.index(after) + 1
            exercises = exercises[start:] + exercises[:start]
        return next((e for e in exercises if e.name not in self.done), None)

    def current_exercise(self, catalog: Catalog) -> Exercise | None:
        """The exercise the learner is on: the one recorded, else the first pending one."""
        recorded = next((e for e in catalog.exercises if e.name == self.current), None)
        return recorded or self.next_pending(catalog)


def fingerprint(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def load(catalog: Catalog) -> Progress:
    path = catalog.root / STATE_FILE
    if not path.exists():
        return Progress()
    known = {e.name: e for e in catalog.exercises}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        recorded = data.get("done", {})
        if isinstance(recorded, list):  # an older format without fingerprints: all unverified
            recorded = dict.fromkeys(recorded, "")
        done = {str(k): str(v) for k, v in recorded.items() if k in known}
        hints = {k: int(v) for k, v in data.get("hints_shown", {}).items() if k in known}
        current = data.get("current")
        current = current if current in known else None
    except (OSError, ValueError, TypeError, AttributeError):
        return Progress(corrupt=True)
    stale = [name for name, mark in done.items() if mark != fingerprint(catalog.exercise_file(known[name]))]
    return Progress(done=done, hints_shown=hints, current=current, stale=stale)


def save(catalog: Catalog, progress: Progress) -> None:
    ordered = {e.name: progress.done[e.name] for e in catalog.exercises if e.name in progress.done}
    data = {"current": progress.current, "done": ordered, "hints_shown": progress.hints_shown}
    text = json.dumps(data, indent=2) + "\n"
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
