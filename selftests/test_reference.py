"""Every reference solution passes its suite, and every stub fails every test of it (judged by the
rules of grader.dev.rules, which `kata dev check` states for one exercise)."""
from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from grader import catalog as catalog_module
from grader.dev import rules
from grader.engine import runner
from grader.results import ExerciseResult
from selftests.conftest import ROOT

CATALOG = catalog_module.load(ROOT)
NAMES = [e.name for e in CATALOG.exercises]


def check_every_exercise(kata_dir) -> dict[str, ExerciseResult]:
    checked = asyncio.run(runner.check_all(CATALOG, list(CATALOG.exercises), kata_dir))
    return {result.exercise.name: result for result in checked}


@pytest.fixture(scope="session")
def solutions():
    return check_every_exercise(ROOT / "solutions")


@pytest.fixture(scope="session")
def stubs(stub_copy):
    return check_every_exercise(stub_copy)


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(solutions, name):
    problem = rules.judge_solution(solutions[name])
    assert problem is None, problem


@pytest.mark.parametrize("name", NAMES)
def test_stub_fails_every_test(stubs, name):
    problem = rules.judge_stub(stubs[name])
    assert problem is None, problem


def test_plain_pytest_passes_the_solutions():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--kata-dir", "solutions"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
