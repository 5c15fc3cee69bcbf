"""Each suite rejects known-wrong solutions, naming the mistake, and accepts alternative right ones.

The variants live in selftests/variants/ (see selftests/variants.py). To keep this fast, the k-th
variant of every exercise goes into one kata dir, and one `kata check` grades them all in parallel.
"""
from __future__ import annotations

from collections import defaultdict

import pytest

from selftests.conftest import all_messages, check_json
from selftests.variants import Variant, all_variants

VARIANTS = all_variants()


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory) -> dict[str, dict]:
    by_exercise: dict[str, list[Variant]] = defaultdict(list)
    for variant in VARIANTS:
        by_exercise[variant.exercise].append(variant)
    found = {}
    for round_number in range(max(map(len, by_exercise.values()), default=0)):
        kata_dir = tmp_path_factory.mktemp(f"round{round_number}")
        chosen = [v[round_number] for v in by_exercise.values() if len(v) > round_number]
        for variant in chosen:
            variant.install(kata_dir)
        reports = check_json(kata_dir, *(v.exercise for v in chosen))
        for variant in chosen:
            found[variant.id] = reports[variant.exercise]
    return found


def test_every_exercise_has_three_wrong_and_one_right_variant():
    from grader import catalog as catalog_module
    from selftests.conftest import ROOT

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
