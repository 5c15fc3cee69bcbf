"""What every supported Python and plain pytest need: warnings as errors, the cache, the HTTP bridge."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.harness.http import MAX_BODY_BYTES, FakeSite
from selftests.conftest import ROOT


def pytest_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_plain_def_suites_pass_with_deprecation_warnings_as_errors():
    # looptime looks for an event loop before every test; on 3.12 and 3.13 that warned in `def` tests.
    run = pytest_run("-W", "error::DeprecationWarning", "-p", "no:cacheprovider", "--kata-dir", "solutions",
                     "tests/08_generators/test_fib_generator.py", "tests/08_generators/test_averager.py")
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.skipif(not (3, 12) <= sys.version_info[:2] < (3, 14),
                    reason="asyncio.get_event_loop() warns on 3.12 and 3.13 only (3.14 raises RuntimeError)")
def test_a_deprecated_call_of_the_tested_code_still_warns(tmp_path):
    (tmp_path / "test_deprecated.py").write_text(
        "import asyncio\n\n\ndef test_uses_the_implicit_loop():\n    asyncio.get_event_loop()\n")
    run = pytest_run("-p", "grader.harness.plugin", "-p", "no:cacheprovider", "-o", "asyncio_mode=auto",
                     "-o", "asyncio_default_fixture_loop_scope=function", "-W", "error::DeprecationWarning",
                     "test_deprecated.py", cwd=tmp_path)
    assert run.returncode == 1 and "DeprecationWarning" in run.stdout, run.stdout[-3000:]


def test_plain_pytest_reruns_only_the_last_failures(tmp_path):
    kata = tmp_path / "kata"
    shutil.copytree(ROOT / "exercises" / "01_coroutines", kata / "01_coroutines")
    shutil.copy(ROOT / "solutions" / "01_coroutines" / "await_chain.py", kata / "01_coroutines")
    suites = ["tests/01_coroutines/test_greet.py", "tests/01_coroutines/test_await_chain.py"]
    options = ["--kata-dir", str(kata), "-o", f"cache_dir={tmp_path / 'cache'}", *suites]
    first = pytest_run(*options)
    assert first.returncode == 1 and " passed" in first.stdout, first.stdout[-3000:]
    again = pytest_run("--lf", *options)
    assert again.returncode == 1 and " passed" not in again.stdout, again.stdout[-3000:]
    assert "test_await_chain" not in again.stdout and "test_greet" in again.stdout, again.stdout[-3000:]


def test_the_fake_site_refuses_a_page_it_cannot_serve():
    with pytest.raises(ValueError, match="more than a fake page can hold"):
        FakeSite({"http://site.test/big": (200, "x" * (MAX_BODY_BYTES + 1), 0.0)})
