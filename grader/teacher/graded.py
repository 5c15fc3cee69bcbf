"""Graded runs: learner files staged alone beside the pristine suites, checked with signed results.

Every graded output (the platforms' formats, `kata grade`) goes through here, so that what is
trusted, and how an ungradable exercise is reported, is decided once. See grader.engine.trust for
where the pristine files come from.
"""
from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from grader import catalog as catalog_module
from grader.catalog import Exercise
from grader.engine import runner, trust
from grader.errors import CatalogError, UsageError
from grader.results import ExerciseResult, Status

Key = TypeVar("Key", bound=Hashable)


def grade_staged(prepared: trust.Prepared, staged: dict[Key, tuple[Exercise, Path]], *, jobs: int | None = None,
                 on_done: Callable[[Key, ExerciseResult], None] | None = None) -> dict[Key, ExerciseResult]:
    """Grade files already staged (`trust.stage_file`) in work folders under `prepared.private`.

    An exercise whose pristine suite is unavailable is reported as not graded, with the reason.
    Messages never name the private folders, so a re-run reads the same.
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
            checks[runner.Check(exercise, work / catalog_module.EXERCISES, prepared.sealed, cwd=work)] = key

    def done(check: runner.Check, result: ExerciseResult) -> None:
        _scrub(result, prepared, check.cwd or prepared.private)
        results[checks[check]] = result
        if on_done:
            on_done(checks[check], result)

    if checks:
        asyncio.run(runner.check_many(prepared.sealed.root, list(checks), jobs=jobs, on_done=done))
    return {key: results[key] for key in staged}


def _scrub(result: ExerciseResult, prepared: trust.Prepared, work: Path) -> None:
    result.message = prepared.scrub(result.message.replace(f"{work}{os.sep}", ""))
    for test in result.tests:
        test.message = prepared.scrub(test.message.replace(f"{work}{os.sep}", ""))


def grade_folder(prepared: trust.Prepared, names: list[str], folder: Path,
                 jobs: int | None = None) -> list[ExerciseResult]:
    """Grade the exercise files in `folder` (a learner's exercises/) against the pristine suites."""
    selected = prepared.catalog.select(names)
    work = prepared.private / "work"
    (work / catalog_module.EXERCISES).mkdir(parents=True, exist_ok=True)
    unreadable: dict[str, ExerciseResult] = {}
    staged: dict[str, tuple[Exercise, Path]] = {}
    for exercise in selected:
        content, problem = trust.read_exercise(folder, exercise)
        if content is None and prepared.not_graded(exercise) is None:
            unreadable[exercise.name] = ExerciseResult(exercise, Status.ERROR, f"{problem} Nothing to grade.")
            continue
        if content is not None:
            trust.stage_file(content, exercise, work)
        staged[exercise.name] = (exercise, work)
    results = {**unreadable, **grade_staged(prepared, staged, jobs=jobs)}
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


def run_checkout(names: list[str], *, folder: Path | None, pristine: Path | None,
                 jobs: int | None) -> GradedRun:
    """Grade the checkout around the current folder (its exercises/, or `folder`)."""
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1.")
    root = graded_root()
    pristine = pristine or (Path(os.environ["KATA_PRISTINE"]) if os.environ.get("KATA_PRISTINE") else None)
    folder = (folder or root / catalog_module.EXERCISES).resolve()
    with tempfile.TemporaryDirectory(prefix="kata-graded-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=pristine, graded=root)
        results = grade_folder(prepared, names, folder, jobs=jobs)
    findings = prepared.findings
    strays = trust.stray_files(folder, prepared.catalog)
    findings.notes += [f"Not an exercise file, not used: {name}" for name in strays]
    return GradedRun(results, findings, prepared.catalog)
