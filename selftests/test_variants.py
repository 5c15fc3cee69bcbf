"""Each suite rejects known-wrong solutions, naming the mistake, and accepts alternative right ones.

The variants live in selftests/variants/ (see selftests/variants.py). Each goes into a kata dir of
its own, and all of them are checked in one batch by the grader's own engine, as `kata check` checks
a kata: warm runner, real-clock suites first.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest

from grader import catalog as catalog_module
from grader.engine import runner
from selftests.conftest import ROOT, all_messages
from selftests.variants import all_variants

VARIANTS = all_variants()


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory) -> dict[str, dict]:
    catalog = catalog_module.load(ROOT)
    checks = []
    for variant in VARIANTS:
        kata_dir = tmp_path_factory.mktemp(variant.exercise)
        variant.install(kata_dir)
        checks.append(runner.Check(catalog.get(variant.exercise), kata_dir))
    # The engine's own scheduling: real-clock suites first, on top of the computing ones.
    results = asyncio.run(runner.check_many(ROOT, checks))
    return {variant.id: {"status": result.status, "message": result.message,
                         "tests": [{"status": t.status, "message": t.message} for t in result.tests]}
            for variant, result in zip(VARIANTS, results, strict=True)}


def test_every_exercise_has_three_wrong_and_one_right_variant():
    counts = defaultdict(lambda: [0, 0])
    for variant in VARIANTS:
        counts[variant.exercise][variant.right] += 1
    for exercise in catalog_module.load(ROOT).exercises:
        wrong, right = counts[exercise.name]
        assert wrong >= 3 and right >= 1, f"{exercise.name}: {wrong} wrong and {right} right variants"


@pytest.mark.parametrize("variant", [v for v in VARIANTS if not v.right], ids=lambda v: v.id)
def test_wrong_variant_is_rejected_naming_the_mistake(verdicts, variant):
    report = verdicts[variant.id]
    assert report["status"] != "pass", f"{variant.id} passed the suite"
    phrase = variant.expected_phrase
    assert phrase, f"{variant.path}: the docstring must start with `expect: <phrase>`"
    assert phrase.lower() in all_messages(report).lower(), (
        f"no message names the mistake {phrase!r}:\n{all_messages(report)}")


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.right], ids=lambda v: v.id)
def test_right_variant_passes(verdicts, variant):
    report = verdicts[variant.id]
    assert report["status"] == "pass", all_messages(report)
