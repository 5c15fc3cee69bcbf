"""`kata dev`: scaffolding an exercise and checking every rule for one exercise, as a maintainer would."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selftests.conftest import ROOT, mini_kata, run_kata


@pytest.fixture
def maintainer_copy(tmp_path) -> Path:
    """A small kata with greet, its variants and README, and its derived files up to date."""
    copy = mini_kata(tmp_path / "kata", ["greet"])
    shutil.copytree(ROOT / "selftests/variants/01_coroutines/greet", copy / "selftests/variants/01_coroutines/greet")
    (copy / "README.md").write_text("# kata\n\n<!-- exercises:start -->\n<!-- exercises:end -->\n")
    assert run_kata("dev", "update", cwd=copy).returncode == 0
    return copy


def test_dev_is_not_in_the_learners_help():
    run = run_kata("--help")
    assert run.returncode == 0 and "dev" not in run.stdout.split("options:")[0].replace("COMMAND ...", "")
    assert run_kata("dev", "--help").returncode == 0


def test_check_passes_an_exercise_that_keeps_every_rule(maintainer_copy):
    variants = maintainer_copy / "selftests/variants/01_coroutines/greet"
    for number in (1, 2, 3):  # right variants of its own, so that the count rule holds here too
        (variants / f"right_extra_{number}.py").write_text(
            f'"""Another route, number {number}."""\n\n\nasync def greet(name):\n'
            f'    return "Hello, " + name + "!" * {number} if False else f"Hello, {{name}}!"\n')
    run = run_kata("dev", "check", "greet", cwd=maintainer_copy, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "✓ greet" in run.stdout and "1 of 1 exercises keep every rule" in run.stdout


def test_check_names_a_stub_that_passes_a_test_and_a_missing_hint(maintainer_copy):
    catalog = maintainer_copy / "kata.toml"
    text = catalog.read_text()
    start = text.index("hints = [", text.index('name = "greet"'))
    catalog.write_text(text[:start] + 'hints = ["Only one hint."]\n')
    solution = (maintainer_copy / "solutions/01_coroutines/greet.py").read_text()
    (maintainer_copy / "exercises/01_coroutines/greet.py").write_text(solution)  # a "stub" that works
    run = run_kata("dev", "check", "greet", cwd=maintainer_copy, timeout=120)
    assert run.returncode == 1
    assert "give it 2 or 3 hints" in run.stdout
    assert "the stub of greet passes" in run.stdout and "checks nothing the learner writes" in run.stdout
    assert "grader/shipped.json (the stubs as shipped) is stale" in run.stdout


def test_new_scaffolds_an_exercise_that_check_then_explains(maintainer_copy):
    run = run_kata("dev", "new", "countdown", "--topic", "10_extra", "--clock", "virtual", cwd=maintainer_copy)
    assert run.returncode == 0, run.stderr
    for path in ("exercises/10_extra/countdown.py", "solutions/10_extra/countdown.py",
                 "tests/10_extra/test_countdown.py", "selftests/variants/10_extra/countdown/wrong_not_async.py"):
        assert (maintainer_copy / path).is_file(), path
    assert 'name = "countdown"' in (maintainer_copy / "kata.toml").read_text()
    again = run_kata("dev", "new", "countdown", "--topic", "10_extra", "--clock", "virtual", cwd=maintainer_copy)
    assert again.returncode == 2 and "already" in again.stderr

    run = run_kata("dev", "check", "countdown", cwd=maintainer_copy, timeout=120)
    assert run.returncode == 1
    assert "the lesson (the module docstring) still has its TODO placeholders" in run.stdout
    assert "its hints in kata.toml are still placeholders" in run.stdout
    assert "1 wrong and 1 right variants" in run.stdout
    assert "reference solution of countdown fails" not in run.stdout, run.stdout  # the scaffold itself works


def test_new_refuses_a_bad_name_or_topic(maintainer_copy):
    bad_name = run_kata("dev", "new", "Count-Down", "--topic", "10_extra", "--clock", "virtual", cwd=maintainer_copy)
    assert bad_name.returncode == 2 and "lowercase Python identifier" in bad_name.stderr
    bad_topic = run_kata("dev", "new", "countdown", "--topic", "extra", "--clock", "real", cwd=maintainer_copy)
    assert bad_topic.returncode == 2 and "NN_name" in bad_topic.stderr
