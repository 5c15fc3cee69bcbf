"""Graded runs: learner files staged alone beside the pristine suites, checked with signed results.

Every graded output (the platforms' formats, `kata grade`) goes through here, so that what is
trusted, and how an ungradable exercise is reported, is decided once. See grader.engine.trust for
where the pristine files come from.

A graded run can have a deadline (`kata check --format ... --time-limit S`): a platform stops the
whole job after a while (Classroom 50 after 15 minutes), and a result must exist by then whatever
the student's code does. At the deadline the checks still running are stopped (their process groups
killed) and every exercise not checked by then is reported as not graded, with the reason.
"""
from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from grader import catalog as catalog_module
from grader.catalog import Exercise
from grader.engine import runner, trust
from grader.errors import CatalogError, UsageError
from grader.results import ExerciseResult, Status

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Deadline:
    """When a graded run must have its results: `seconds` after it started, at `time.monotonic()` == `at`."""

    seconds: float
    at: float

    @classmethod
    def starting_now(cls, seconds: float) -> Deadline:
        return cls(seconds, time.monotonic() + seconds)


def out_of_time(exercise: Exercise, deadline: Deadline) -> ExerciseResult:
    return ExerciseResult(exercise, Status.NOT_RUN,
                          f"Not graded: the grading ran out of time ({deadline.seconds:g} s for all exercises) "
                          "before this exercise was checked. "
                          "Exercises that run into their time limit (an endless loop, a blocked event loop) "
                          "use it up; your teacher can grade this one again.")


def grade_staged(prepared: trust.Prepared, staged: dict[Key, tuple[Exercise, Path]], *, jobs: int | None = None,
                 on_done: Callable[[Key, ExerciseResult], None] | None = None,
                 deadline: Deadline | None = None) -> dict[Key, ExerciseResult]:
    """Grade files already staged (`trust.stage_file`) in work folders under `prepared.private`.

    An exercise whose pristine suite is unavailable is reported as not graded, with the reason.
    Messages never name the private folders, so a re-run reads the same. Checks not finished by the
    `deadline` are stopped and reported as not graded.
    """
    results: dict[Key, ExerciseResult] = {}
    checks: dict[runner.Check, Key] = {}
    for key, (exercise, work) in staged.items():
        not_graded = prepared.not_graded(exercise)
        if not_graded is not None:
            results[key] = not_graded
            if on_done:
                on_done(key, results[key])
        else:
            checks[runner.Check(exercise, work / catalog_module.EXERCISES, prepared.sealed)] = key

    def done(check: runner.Check, result: ExerciseResult) -> None:
        _scrub(result, prepared)
        results[checks[check]] = result
        if on_done:
            on_done(checks[check], result)

    if checks:
        asyncio.run(_check_until(runner.check_many(prepared.sealed.root, list(checks), jobs=jobs, on_done=done),
                                 deadline))
        prepared.findings.notes += [note for note in prepared.sealed.incidents if note not in prepared.findings.notes]
    for key, (exercise, _work) in staged.items():
        if key not in results and deadline is not None:
            results[key] = out_of_time(exercise, deadline)
            if on_done:
                on_done(key, results[key])
    return {key: results[key] for key in staged}


async def _check_until(checks: Coroutine[Any, Any, list[ExerciseResult]], deadline: Deadline | None) -> None:
    """Run the checks; at the deadline, cancel them (which kills each child's process group)."""
    if deadline is None:
        await checks
        return
    try:
        await asyncio.wait_for(checks, max(0.0, deadline.at - time.monotonic()))
    except TimeoutError:
        pass


def _scrub(result: ExerciseResult, prepared: trust.Prepared) -> None:
    result.message = prepared.scrub(result.message)
    for test in result.tests:
        test.message = prepared.scrub(test.message)


def read_learner_file(folder: Path, exercise: Exercise, *, flat: bool = False) -> tuple[bytes | None, str | None]:
    """A learner's file from `folder`: <topic>/<name>.py, or with `flat` also <name>.py (files uploaded
    one by one, as Gradescope and PrairieLearn receive them). Same checks either way: regular files
    only, size-limited."""
    content, problem = trust.read_exercise(folder, exercise)
    if content is None and flat and not exercise.file_in(folder).exists():
        alone = replace(exercise, topic=".")
        if (folder / alone.relative_path).exists() or (folder / alone.relative_path).is_symlink():
            content, problem = trust.read_exercise(folder, alone)
            problem = problem and problem.replace(alone.shown_path, alone.relative_path.name)
    return content, problem


def grade_folder(prepared: trust.Prepared, names: list[str], folder: Path, jobs: int | None = None, *,
                 flat: bool = False, deadline: Deadline | None = None) -> list[ExerciseResult]:
    """Grade the exercise files in `folder` (a learner's exercises/) against the pristine suites."""
    selected = prepared.catalog.select(names)
    work = prepared.private / "work"
    (work / catalog_module.EXERCISES).mkdir(parents=True, exist_ok=True)
    unreadable: dict[str, ExerciseResult] = {}
    staged: dict[str, tuple[Exercise, Path]] = {}
    for exercise in selected:
        content, problem = read_learner_file(folder, exercise, flat=flat)
        if content is None and prepared.not_graded(exercise) is None:
            unreadable[exercise.name] = ExerciseResult(exercise, Status.ERROR, f"{problem} Nothing to grade.")
            continue
        if content is not None:
            trust.stage_file(content, exercise, work)
        staged[exercise.name] = (exercise, work)
    results = {**unreadable, **grade_staged(prepared, staged, jobs=jobs, deadline=deadline)}
    return [results[e.name] for e in selected]


@dataclass
class GradedRun:
    """A graded run of one learner's checkout: a result per exercise, and what the checks found."""

    results: list[ExerciseResult]
    findings: trust.Findings
    catalog: catalog_module.Catalog
    notes: list[str] = field(default_factory=list)


def graded_root() -> Path:
    """The learner's kata: the folder holding kata.toml, even a broken one; else the current folder."""
    try:
        return catalog_module.find_root()
    except CatalogError:
        return Path.cwd().resolve()


def is_kata_checkout(root: Path) -> bool:
    """A copy of the assignment (whose protected files are checked), not a folder of uploaded files
    (Gradescope's /autograder/submission, PrairieLearn's /grade, which has a tests/ of its own)."""
    return ((root / catalog_module.CATALOG_FILE).exists() or (root / trust.MANIFEST_PATH).exists()
            or all((root / folder).exists() for folder in trust.PROTECTED_FOLDERS))


def run_checkout(names: list[str], *, folder: Path | None, pristine: Path | None, jobs: int | None,
                 flat: bool = False, time_limit: float | None = None) -> GradedRun:
    """Grade the checkout around the current folder (its exercises/, or `folder`).

    With `flat`, exercise files may also sit directly in the folder (<name>.py). With `time_limit`
    (seconds, counted from now), exercises not checked in time are reported as not graded.
    """
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1.")
    if time_limit is not None and time_limit <= 0:
        raise UsageError("--time-limit must be a positive number of seconds.")
    deadline = Deadline.starting_now(time_limit) if time_limit else None
    root = graded_root()
    pristine = pristine or (Path(os.environ["KATA_PRISTINE"]) if os.environ.get("KATA_PRISTINE") else None)
    folder = (folder or root / catalog_module.EXERCISES).resolve()
    with tempfile.TemporaryDirectory(prefix="kata-graded-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=pristine,
                                 graded=root if is_kata_checkout(root) else None)
        results = grade_folder(prepared, names, folder, jobs=jobs, flat=flat, deadline=deadline)
    findings = prepared.findings
    known = {f"{e.name}.py" for e in prepared.catalog.exercises} if flat else set()
    strays = [name for name in trust.stray_files(folder, prepared.catalog)
              if name.removeprefix(f"{catalog_module.EXERCISES}/") not in known]
    findings.notes += [f"Not an exercise file, not used: {name}" for name in strays]
    return GradedRun(results, findings, prepared.catalog)
