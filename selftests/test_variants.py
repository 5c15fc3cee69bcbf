"""Each suite rejects known-wrong solutions, naming the mistake, and accepts alternative right ones.

The variants live in selftests/variants/ (see grader.dev.variants, which also judges them, as
`kata dev check` does). Each goes into a kata dir of its own, and all of them are checked by the
grader's own runner from one pool, slowest kind first, so that a few slow real-clock variants never
hold up the rest.
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
    # Real-clock suites mostly wait (on sockets, processes, timeouts): start them first.
    order = sorted(range(len(checks)), key=lambda i: checks[i].exercise.clock != "real")
    results = asyncio.run(runner.check_many(CATALOG.root, [checks[i] for i in order]))
    return {VARIANTS[i].id: result for i, result in zip(order, results, strict=True)}


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.name)
def test_every_exercise_has_enough_variants(exercise):
    found = variants.of(CATALOG, exercise)
    wrong, right = sum(not v.right for v in found), sum(v.right for v in found)
    assert wrong >= 3 and right >= 1, f"{exercise.name}: {wrong} wrong and {right} right variants"


@pytest.mark.parametrize("variant", [v for v in VARIANTS if not v.right], ids=lambda v: v.id)
def test_wrong_variant_is_rejected_naming_the_mistake(verdicts, variant):
    problem = variants.judge(variant, verdicts[variant.id])
    assert problem is None, problem


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.right], ids=lambda v: v.id)
def test_right_variant_passes(verdicts, variant):
    problem = variants.judge(variant, verdicts[variant.id])
    assert problem is None, problem
