"""Reading a class's submissions: one folder (a clone) or one .zip per student, exercise files only.

Only each student's exercises/<topic>/<name>.py files are taken, size-limited, never through symbolic
links, never extracted by the names in the archive; nothing else of a submission is ever read.
"""
from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import EXERCISES, Catalog, Exercise
from grader.engine import trust
from grader.errors import GradingError

MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_BYTES = 512 * 1024 * 1024


@dataclass
class Submission:
    student: str
    source: Path
    files: dict[str, bytes] = field(default_factory=dict)  # exercise name -> content
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def discover(folder: Path) -> list[tuple[str, Path]]:
    """(student, path) for every submission in `folder`, sorted by student."""
    if not folder.is_dir():
        raise GradingError(f"{folder}: no such folder of submissions.")
    found: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir():
            student = entry.name
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            student = entry.name[: -len(".zip")]
        else:
            continue
        if student in found:
            raise GradingError(f"Two submissions for {student}: {found[student].name} and {entry.name}. Keep one.")
        found[student] = entry
    return sorted(found.items())


def shard_of(students: list[tuple[str, Path]], shard: str | None) -> list[tuple[str, Path]]:
    if shard is None:
        return students
    match = re.fullmatch(r"(\d+)/(\d+)", shard)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise GradingError(f"--shard {shard}: write it as I/N with 1 <= I <= N, e.g. --shard 2/4.")
    index, count = int(match[1]), int(match[2])
    return students[index - 1::count]


def read_submission(student: str, path: Path, catalog: Catalog) -> Submission:
    submission = Submission(student, path)
    try:
        if path.is_dir():
            _read_folder(submission, path, catalog)
        else:
            _read_zip(submission, path, catalog)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, ValueError) as error:
        submission.files.clear()
        submission.error = f"{path.name} cannot be read: {type(error).__name__}: {error}"
    if submission.error is None and not submission.files:
        submission.notes.append("No exercise files were found (exercises/<topic>/<name>.py).")
    return submission


def _read_folder(submission: Submission, path: Path, catalog: Catalog) -> None:
    # A clone, or a folder holding one (as a download often is): the first with an exercises/ folder.
    candidates = [path, *sorted(p for p in path.iterdir() if p.is_dir() and not p.is_symlink())]
    base = next((c for c in candidates if (c / EXERCISES).is_dir() and not (c / EXERCISES).is_symlink()), None)
    if base is None:
        return
    for exercise in catalog.exercises:
        content, problem = trust.read_exercise(base / EXERCISES, exercise)
        if content is not None:
            submission.files[exercise.name] = content
        elif problem and not problem.endswith("is missing."):
            submission.notes.append(problem)


_MEMBER = re.compile(r"(?:(?P<prefix>[^/]+)/)?exercises/(?P<topic>[^/]+)/(?P<name>[^/]+)\.py")


def _read_zip(submission: Submission, path: Path, catalog: Catalog) -> None:
    wanted = {(e.topic, e.name): e for e in catalog.exercises}
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError(f"more than {MAX_ZIP_MEMBERS} entries")
        # Names are only matched, never used as paths: nothing is extracted where the archive says.
        by_prefix: dict[str, dict[Exercise, zipfile.ZipInfo]] = {}
        for info in members:
            match = _MEMBER.fullmatch(info.filename)
            if match and (match["topic"], match["name"]) in wanted:
                by_prefix.setdefault(match["prefix"] or "", {})[wanted[match["topic"], match["name"]]] = info
        if not by_prefix:
            return
        prefix = "" if "" in by_prefix else sorted(by_prefix, key=lambda p: (-len(by_prefix[p]), p))[0]
        budget = MAX_ZIP_BYTES
        for exercise, info in sorted(by_prefix[prefix].items(), key=lambda item: item[0].name):
            shown = exercise.shown_path
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                submission.notes.append(f"{shown} is a symbolic link: only regular files are graded.")
            elif info.flag_bits & 0x1:
                submission.notes.append(f"{shown} is encrypted: not graded.")
            elif info.file_size > trust.MAX_EXERCISE_BYTES:
                submission.notes.append(f"{shown} is larger than {trust.MAX_EXERCISE_BYTES // 1024} KiB: not graded.")
            else:
                with archive.open(info) as member:
                    content = member.read(trust.MAX_EXERCISE_BYTES + 1)
                budget -= len(content)
                if len(content) > trust.MAX_EXERCISE_BYTES or budget < 0:
                    submission.notes.append(f"{shown} is larger than its entry says: not graded.")
                else:
                    submission.files[exercise.name] = content
