"""Grading a whole class: every distinct exercise file once, against the pristine suites.

Each distinct (exercise, file content) runs once, in its own process with a time bound, as many at a
time as there are cores; a byte-identical file gets the identical result, and a broken or hostile
submission only ever affects its own rows.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rich.progress import Progress

from grader.catalog import Exercise
from grader.engine import trust
from grader.results import ExerciseResult, Status, earned
from grader.teacher.graded import grade_staged
from grader.teacher.submissions import Submission

STATUS_COMPLETE, STATUS_INCOMPLETE, STATUS_UNREADABLE = "complete", "incomplete", "unreadable"
# Some exercise could not be checked by the grader (grader.results.Status.GRADER_ERROR): the row is
# not a grade yet, whatever its points say; grade again once the installation is fixed.
STATUS_GRADER_ERROR = "grader error"


@dataclass
class Graded:
    submission: Submission
    results: list[ExerciseResult]

    @property
    def total(self) -> int:
        return earned(self.results)

    @property
    def status(self) -> str:
        if self.submission.error:
            return STATUS_UNREADABLE
        if any(r.grader_error for r in self.results):
            return STATUS_GRADER_ERROR
        return STATUS_COMPLETE if all(r.passed for r in self.results) else STATUS_INCOMPLETE


def grade(prepared: trust.Prepared, submissions: list[Submission], *, jobs: int | None,
          progress: Progress | None = None) -> list[Graded]:
    """Grade every submission; each distinct (exercise, file content) runs once."""
    catalog = prepared.catalog
    unique: dict[tuple[str, str], list[Submission]] = {}
    for submission in submissions:
        for name, content in submission.files.items():
            unique.setdefault((name, _digest(content)), []).append(submission)
    cells = len(submissions) * len(catalog.exercises)
    task = progress.add_task("grading", total=max(cells, 1)) if progress else None
    if progress and task is not None:
        progress.advance(task, cells - sum(len(users) for users in unique.values()))

    staged: dict[tuple[str, str], tuple[Exercise, Path]] = {}
    for number, ((name, digest), users) in enumerate(sorted(unique.items())):
        exercise = catalog.get(name)
        work = prepared.private / "u" / str(number)
        trust.stage_file(users[0].files[name], exercise, work)
        staged[name, digest] = (exercise, work)

    def advance(key: tuple[str, str], _: ExerciseResult) -> None:
        if progress and task is not None:
            progress.advance(task, len(unique[key]))

    outcomes = grade_staged(prepared, staged, jobs=jobs, on_done=advance)
    graded = []
    for submission in submissions:
        results = []
        for exercise in catalog.exercises:
            found = submission.files.get(exercise.name)
            if found is None:
                why = submission.error or f"{exercise.shown_path} is not in the submission."
                results.append(ExerciseResult(exercise, Status.ERROR, why))
            else:
                results.append(outcomes[exercise.name, _digest(found)])
        graded.append(Graded(submission, results))
    return graded


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
