"""Every reference solution passes its suite, and every stub fails it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from grader import catalog as catalog_module
from selftests.conftest import ROOT, all_messages, check_json

NAMES = [e.name for e in catalog_module.load(ROOT).exercises]


@pytest.fixture(scope="session")
def solutions_report():
    return check_json(ROOT / "solutions")


@pytest.fixture(scope="session")
def stubs_report(stub_copy):
    return check_json(stub_copy)


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(solutions_report, name):
    report = solutions_report[name]
    assert report["status"] == "pass", all_messages(report)
    assert report["tests"], "a suite without tests proves nothing"


@pytest.mark.parametrize("name", NAMES)
def test_stub_fails(stubs_report, name):
    report = stubs_report[name]
    assert report["status"] != "pass"
    assert all(t["status"] != "pass" for t in report["tests"]), (
        "a test that passes on the stub checks nothing the learner writes: "
        + ", ".join(t["name"] for t in report["tests"] if t["status"] == "pass"))
    assert report["message"].strip(), "a failing stub must say why"


def test_plain_pytest_passes_the_solutions():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--kata-dir", "solutions"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
