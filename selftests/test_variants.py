"""Each suite rejects known-wrong solutions, naming the mistake, and accepts alternative right ones.

The variants live in selftests/variants/ (see grader.dev.variants, which also judges them, as
`kata dev check` does). Each goes into a kata dir of its own, and all of them are checked in one
batch by the grader's own engine, which starts the slow real-clock ones first.
"""
from __future__ import annotations

import asyncio

import pytest

from grader import catalog as catalog_module
from grader.dev import variants
from grader.engine import runner
from grader.results import ExerciseResult
from selftests.conftest import ROOT

CATALOG = catalog_module.load(ROOT)
VARIANTS = variants.every(CATALOG)


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory) -> dict[str, ExerciseResult]:
    checks = []
    for variant in VARIANTS:
        kata_dir = tmp_path_factory.mktemp(variant.exercise)
        variant.install(CATALOG, kata_dir)
        checks.append(runner.Check(CATALOG.get(variant.exercise), kata_dir))
    # One batch, as `kata check` runs a kata: the warm runner, real-clock suites first (the engine's scheduling).
    results = asyncio.run(runner.check_many(CATALOG.root, checks))
    return {variant.id: result for variant, result in zip(VARIANTS, results, strict=True)}


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.name)
def test_every_exercise_has_enough_variants(exercise):
    found = variants.of(CATALOG, exercise)
    wrong, right = sum(not v.right for v in found), sum(v.right for v in found)
    # Three right routes at least: a suite that rejects a correct route is as wrong as one that accepts a mistake.
    assert wrong >= 3 and right >= 3, f"{exercise.name}: {wrong} wrong and {right} right variants"


@pytest.mark.parametrize("variant", [v for v in VARIANTS if not v.right], ids=lambda v: v.id)
def test_wrong_variant_is_rejected_naming_the_mistake(verdicts, variant):
    problem = variants.judge(variant, verdicts[variant.id])
    assert problem is None, problem


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.right], ids=lambda v: v.id)
def test_right_variant_passes(verdicts, variant):
    problem = variants.judge(variant, verdicts[variant.id])
    assert problem is None, problem
