"""`kata dev check [NAME ...]`: every rule the self-tests enforce, for the named exercises, in seconds.

The static rules (grader.dev.rules) run first; then the exercise's reference solution, its stub
and each of its variants are checked at once through the engine, and judged by the same rules
the self-tests use. Each problem is printed in one line (with the failing messages below it).
"""
from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.dev import rules, variants
from grader.engine import runner


@dataclass
class Report:
    exercise: Exercise
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # suites run: the solution, the stub and every variant


def check(catalog: Catalog, exercises: list[Exercise], jobs: int | None = None) -> list[Report]:
    reports = {e.name: Report(e, rules.static(catalog, e)) for e in exercises}
    with tempfile.TemporaryDirectory(prefix="kata-dev-check-") as scratch:
        checks, judges = _plan(catalog, exercises, Path(scratch))
        results = asyncio.run(runner.check_many(catalog.root, checks, jobs=jobs))
    for check_, result, judge in zip(checks, results, judges, strict=True):
        report = reports[check_.exercise.name]
        report.checked += 1
        if (problem := judge(result)) is not None:
            report.problems.append(problem)
    return list(reports.values())


def _plan(catalog: Catalog, exercises: list[Exercise], scratch: Path) -> tuple[list[runner.Check], list]:
    checks: list[runner.Check] = []
    judges: list = []
    for exercise in exercises:
        stub_dir = scratch / exercise.name / "stub"
        stub = exercise.file_in(stub_dir)
        stub.parent.mkdir(parents=True)
        if catalog.exercise_file(exercise).is_file():
            stub.write_bytes(catalog.exercise_file(exercise).read_bytes())
            checks.append(runner.Check(exercise, stub_dir))
            judges.append(rules.judge_stub)
        if catalog.solution_file(exercise).is_file():
            checks.append(runner.Check(exercise, catalog.solutions_dir))
            judges.append(rules.judge_solution)
        for number, variant in enumerate(variants.of(catalog, exercise)):
            kata_dir = scratch / exercise.name / f"v{number}"
            variant.install(catalog, kata_dir)
            checks.append(runner.Check(exercise, kata_dir))
            judges.append(lambda result, variant=variant: variants.judge(variant, result))
    # Real-clock suites mostly wait: start them first so that they overlap the rest.
    order = sorted(range(len(checks)), key=lambda i: checks[i].exercise.clock != "real")
    return [checks[i] for i in order], [judges[i] for i in order]


