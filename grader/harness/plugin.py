"""The kata's pytest plugin: what every suite shares, so that suites stay short.

- `--kata-dir DIR` (else $KATA_DIR, else exercises/) says whose code is checked;
- the `exercise` fixture loads that code fresh for each suite, with blockbuster watching it;
- every test gets a wall-clock timeout, and virtual-clock suites run on looptime with an end;
- a coroutine that is never awaited fails the test that created it;
- failures are rewritten into diagnoses a learner can act on (see diagnosis.explain).
"""
from __future__ import annotations

import argparse
import faulthandler
import gc
import inspect
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, cast

import pytest
from pytest_asyncio import is_async_test

from grader import catalog as catalog_module
from grader.harness import diagnosis, report
from grader.harness.loading import LearnerCodeError, load_module, watching_for_blocking_calls

# Per-test wall-clock bounds. Virtual-clock tests finish in milliseconds, so 10 s is a huge margin
# even on a loaded machine; real-clock tests sleep for real and get more.
WALL_TIMEOUT = {"virtual": 10.0, "real": 45.0}
# Virtual suites end once this much loop time has passed: "forever" costs no real time.
LOOP_TIME_END = 600.0
# Once a test is over its wall-clock bound, pytest-timeout's alarm fires again this often, and after this
# much more time a plain `pytest` run is ended (see pytest_timeout_set_timer).
TIMEOUT_REPEAT = 1.0
LAST_STOP_AFTER = 60.0

LEARNER_FILE = pytest.StashKey[Path]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata")
    group.addoption(
        "--kata-dir",
        default=None,
        help="folder whose exercise files are checked (default: $KATA_DIR, else exercises/)",
    )
    # Internal: where the grader wants the results (see report.py).
    group.addoption("--kata-report", default=None, help=argparse.SUPPRESS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_unawaited: a never-awaited coroutine does not fail this test")
    if config.getoption("kata_report"):
        config.pluginmanager.register(report.Reporter(Path(config.getoption("kata_report"))), "kata-report")


def kata_dir(config: pytest.Config) -> Path:
    chosen = config.getoption("kata_dir") or os.environ.get("KATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return config.rootpath / "exercises"


def learner_file(config: pytest.Config, suite: Path) -> Path:
    """tests/<topic>/test_<name>.py checks <kata dir>/<topic>/<name>.py."""
    return kata_dir(config) / suite.parent.name / f"{suite.stem.removeprefix('test_')}.py"


def _catalog(config: pytest.Config) -> catalog_module.Catalog | None:
    try:
        return catalog_module.load(config.rootpath)
    except catalog_module.CatalogError:
        return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    catalog = _catalog(config)
    suites = config.rootpath / "tests"
    for item in items:
        suite = Path(item.path)
        if suite.parent.parent != suites:
            continue  # not an exercise suite (e.g. the kata's own self-tests)
        exercise = catalog.for_test_file(suite) if catalog else None
        clock = exercise.clock if exercise else "virtual"
        item.stash[LEARNER_FILE] = learner_file(config, suite)
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(WALL_TIMEOUT[clock]))
        if clock == "virtual":
            # Appended last, so a suite's own @pytest.mark.looptime(...) options win.
            item.add_marker(pytest.mark.looptime(end=LOOP_TIME_END))


@pytest.hookimpl(wrapper=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> Generator[None, object, object]:
    """pytest-timeout's signal method raises its failure once, in whatever frame runs. When an endless
    loop runs in several tasks (each spinning in turn, say behind a lock), that stops only the first,
    and the next one spins on: plain `pytest` would hang. So its alarm repeats until the test ends,
    stopping each of them. Code that swallows every exception in an endless loop outlives even that:
    outside the grader (which bounds every exercise's process itself), a last stop ends the run."""
    armed = yield
    if settings.method == "signal" and threading.current_thread() is threading.main_thread():
        stop = cast(Callable[[int, FrameType | None], None], signal.getsignal(signal.SIGALRM))  # pytest-timeout's
        graded = item.config.getoption("kata_report")
        last_stop = None if graded else time.monotonic() + settings.timeout + LAST_STOP_AFTER

        def stop_again(signum: int, frame: FrameType | None) -> None:
            __tracebackhide__ = True
            if last_stop is not None and time.monotonic() > last_stop:
                _end_the_run(item, settings.timeout)
            stop(signum, frame)

        signal.signal(signal.SIGALRM, stop_again)
        signal.setitimer(signal.ITIMER_REAL, settings.timeout, TIMEOUT_REPEAT)
    return armed


def _end_the_run(item: pytest.Item, limit: float) -> None:
    """Say why and where on the real stderr, then end the process."""
    try:
        capture = item.config.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            capture.suspend_global_capture(in_=True)
        os.write(2, (f"\n\n{item.nodeid} was still running {LAST_STOP_AFTER:g} s after its time limit of {limit:g} "
                     "s, although it was stopped again and again: an endless loop catches every exception (a bare "
                     "`except:` or `except BaseException:`?). The test run ends here; this is where it was:\n"
                     ).encode())
        faulthandler.dump_traceback(2)
    finally:
        os._exit(1)


def display_path(path: Path) -> str:
    """A path the learner can click: relative to the current folder where possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@pytest.fixture(scope="module")
def exercise(request: pytest.FixtureRequest) -> Iterator[ModuleType]:
    """The learner's module, loaded fresh for this suite, watched for blocking calls."""
    path = learner_file(request.config, Path(request.path))
    with watching_for_blocking_calls(path):
        problem: str | None = None
        try:
            module = load_module(path, display_path(path))
        except LearnerCodeError as error:
            problem = str(error)
        if problem is not None:  # failed outside the except block, so no "During handling of..." chain
            pytest.fail(problem, pytrace=False)
        yield module


# --- looptime and plain `def` tests ------------------------------------------------------------------

@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    """Keep looptime away from plain `def` tests: it has nothing to do there.

    Before every test, looptime asks pytest-asyncio's event loop policy (the `event_loop_policy` value
    among the test's fixtures) for the current loop. A `def` test has none, so on Python 3.12 and 3.13
    the policy warns "There is no current event loop" (DeprecationWarning, failing the test under
    `-W error`) and quietly makes and installs a new loop, which would then hide the same warning
    from the learner's own code. Without that value, looptime leaves the test alone."""
    hidden: dict[str, object] = {}
    if not is_async_test(pyfuncitem) and "event_loop_policy" not in inspect.signature(pyfuncitem.obj).parameters:
        hidden = {name: pyfuncitem.funcargs.pop(name) for name in ["event_loop_policy"] if name in pyfuncitem.funcargs}
    try:
        return (yield)
    finally:
        pyfuncitem.funcargs.update(hidden)


# --- Never-awaited coroutines -----------------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    # With origin tracking on, a dropped coroutine knows where it was created (cr_origin), even when
    # it is only collected later; that is the line the learner must fix.
    tracking = sys.get_coroutine_origin_tracking_depth()
    sys.set_coroutine_origin_tracking_depth(32)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            try:
                result = yield
                error = None
            except BaseException as raised:
                error = raised
            gc.collect()  # a dropped coroutine warns when it is collected
    finally:
        sys.set_coroutine_origin_tracking_depth(tracking)
    unawaited = [w for w in caught if _never_awaited(w)]
    for other in caught:
        if other not in unawaited:
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    if unawaited and not item.get_closest_marker("allow_unawaited"):
        diagnosis.fail(*_unawaited_diagnosis(unawaited, item.stash.get(LEARNER_FILE, None), error))
    if error is not None:
        raise error
    return result


def _never_awaited(warning: warnings.WarningMessage) -> bool:
    """The interpreter's "coroutine ... was never awaited" RuntimeWarning, recognised by its source.

    Python 3.11 to 3.14 issue it from warnings._warn_unawaited_coroutine with `source=` the dropped
    coroutine itself, so the coroutine says what it is and where it was made (cr_origin, filled in
    while origin tracking is on); the message text is never read."""
    return issubclass(warning.category, RuntimeWarning) and inspect.iscoroutine(warning.source)


def _unawaited_diagnosis(unawaited: list, learner: Path | None, error: BaseException | None) -> list[str]:
    coroutines = [w.source for w in unawaited]
    names = sorted({coro.__qualname__ for coro in coroutines})
    origins = set()
    for coro in coroutines:
        for filename, line, _function in coro.cr_origin or ():
            if learner is not None and filename == str(learner):
                origins.add(f"{display_path(learner)}:{line}")
    lines = [
        f"A coroutine was never awaited: {', '.join(names)}. Calling a coroutine function only "
        "creates a coroutine object; its code runs when you await it.",
    ]
    if origins:
        lines.append(f"Created at: {', '.join(sorted(origins))}")
    if error is not None:
        first = (str(error).strip().splitlines() or [""])[0]
        lines.append(f"The test also failed with {type(error).__name__}: {first}")
    lines.append("Hint: put `await` in front of the call (or wrap it in asyncio.create_task and await the task).")
    return lines


# --- Learner-facing failure messages ----------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    rep = yield
    if rep.failed and call.excinfo is not None and not item.config.getoption("fulltrace"):
        error = call.excinfo.value
        timed_out = diagnosis.timed_out(error)
        ours = isinstance(error, pytest.fail.Exception) and not timed_out
        if timed_out:
            rep.user_properties.append(("kata_status", "timeout"))
        figure = diagnosis.figure_of(error)
        if figure is not None:
            rep.user_properties.append((report.FIGURE_PROPERTY, figure.to_record()))
        if not ours:
            path = item.stash.get(LEARNER_FILE, None)
            display = display_path(path) if path else "your exercise file"
            rep.longrepr = diagnosis.explain(error, path, display)
    if rep.when == "call" and rep.passed:
        limit = _timeout_of(item)
        if limit and rep.duration > limit:
            # pytest-timeout raised inside a background task that swallowed it: still too slow.
            rep.outcome = "failed"
            rep.user_properties.append(("kata_status", "timeout"))
            rep.longrepr = diagnosis.message(
                f"It ran for {rep.duration:.1f} s of real time, more than the {limit:g} s allowed.",
                hint="Look for an endless loop, or a blocking call that keeps the event loop busy.",
            )
    return rep


def _timeout_of(item: pytest.Item) -> float | None:
    marker = item.get_closest_marker("timeout")
    if marker and marker.args:
        return float(marker.args[0])
    return None
