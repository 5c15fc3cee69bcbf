"""The catalog, the files, the README and the contract agree: the static rules of grader.dev.rules,
for every exercise (`kata dev check NAME` states the same rules for one)."""
from __future__ import annotations

import pytest

from grader import catalog as catalog_module
from grader.dev import rules
from selftests.conftest import ROOT

CATALOG = catalog_module.load(ROOT)
EXERCISES = [pytest.param(e, id=e.name) for e in CATALOG.exercises]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_catalog_entry(exercise):
    assert not rules.catalog_entry(CATALOG, exercise)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_solution_and_suite_exist(exercise):
    assert not rules.files(CATALOG, exercise)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_teaches_and_shares_the_given_code_with_the_solution(exercise):
    assert not rules.lesson_and_code(CATALOG, exercise)


@pytest.mark.skipif(rules.contract_entries(CATALOG) is None, reason="the curriculum contract is not beside the project")
@pytest.mark.parametrize("exercise", EXERCISES)
def test_exercise_follows_the_contract(exercise):
    assert not rules.contract(CATALOG, exercise)


def test_the_kata_as_a_whole():
    """Unique names, no files outside the catalog, README table and stubs manifest fresh, contract order."""
    assert not rules.kata_wide(CATALOG)
