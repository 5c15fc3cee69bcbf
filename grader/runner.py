"""Checking exercises, each in its own process, several at once.

Learner code is untrusted and often broken, so each suite runs in a child process (grader.child)
with its own session and a wall-time bound. The child's output goes to a file, never a pipe: a
grandchild that keeps the pipe open, or megabytes of printing, cannot stall the grader. The verdict
comes only from the results file the child writes test by test (grader.harness.report); a child
that exits 0 without reporting its tests has not passed.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from grader.catalog import Catalog, Exercise
from grader.results import ERROR, FAIL, PASS, TIMEOUT, ExerciseResult, TestResult

# The whole suite of one exercise, including interpreter start-up. The per-test bounds inside
# (grader.harness.plugin.WALL_TIMEOUT) normally end a runaway test long before this.
EXERCISE_TIMEOUT = {"virtual": 30.0, "real": 150.0}
OUTPUT_TAIL_BYTES = 3000
# The child loads only the pytest plugins the suites need (the kata's own comes from the pytest
# configuration); skipping the autoload of every installed plugin halves each child's start-up.
PYTEST_PLUGINS = ["asyncio", "timeout", "looptime_plugin", "looptime_chronometers", "looptime_timeproxies"]

OnDone = Callable[[ExerciseResult], None]


async def check_all(
    catalog: Catalog,
    exercises: list[Exercise],
    kata_dir: Path,
    *,
    jobs: int | None = None,
    on_done: OnDone | None = None,
) -> list[ExerciseResult]:
    """Check `exercises` against the code in `kata_dir`, `jobs` at a time; results in input order."""
    slots = asyncio.Semaphore(jobs or os.cpu_count() or 1)

    async def one(exercise: Exercise) -> ExerciseResult:
        async with slots:
            result = await check_exercise(catalog, exercise, kata_dir)
        if on_done:
            on_done(result)
        return result

    return list(await asyncio.gather(*(one(e) for e in exercises)))


async def check_exercise(catalog: Catalog, exercise: Exercise, kata_dir: Path) -> ExerciseResult:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kata-") as private:
        report_file = Path(private) / "results.jsonl"
        output_file = Path(private) / "output.txt"
        report_file.touch()
        command = [
            sys.executable, "-m", "grader.child",
            str(exercise.test_path),
            "--kata-dir", str(kata_dir),
            "--kata-report", str(report_file),
            "-q", "--no-header", "-p", "no:cacheprovider",
            *(arg for plugin in PYTEST_PLUGINS for arg in ("-p", plugin)),
            # "-p asyncio" also finds the standard library's asyncio: harmless, but pytest warns.
            "-W", "ignore::pytest.PytestAssertRewriteWarning",
        ]
        limit = EXERCISE_TIMEOUT.get(exercise.clock, EXERCISE_TIMEOUT["real"])
        with open(output_file, "wb") as output:
            process = await asyncio.create_subprocess_exec(
                *command,
                cwd=catalog.root,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=output,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # its own process group, so we can end all it started
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "KATA_DIR": str(kata_dir),
                     "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
            )
            try:
                await asyncio.wait_for(process.wait(), limit)
                timed_out = False
            except asyncio.TimeoutError:
                timed_out = True
            finally:
                _kill_group(process)
                await process.wait()
        result = interpret(
            exercise,
            events=_read_events(report_file),
            timed_out=timed_out,
            limit=limit,
            returncode=process.returncode,
            output_tail=_tail(output_file),
        )
    result.duration = time.monotonic() - started
    return result


def _kill_group(process: asyncio.subprocess.Process) -> None:
    """End the child and anything it left running (servers, subprocesses, sleepers)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        elif process.returncode is None:
            process.kill()  # Windows has no process groups to end
    except (ProcessLookupError, PermissionError):
        pass


def _read_events(path: Path) -> list[dict]:
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            break  # a torn last line: the process died while writing it
        if isinstance(event, dict):
            events.append(event)
    return events


def _tail(path: Path) -> str:
    with open(path, "rb") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(0, size - OUTPUT_TAIL_BYTES))
        text = file.read().decode("utf-8", errors="replace")
    return ("..." if size > OUTPUT_TAIL_BYTES else "") + text


def interpret(
    exercise: Exercise,
    *,
    events: list[dict],
    timed_out: bool,
    limit: float,
    returncode: int | None,
    output_tail: str,
) -> ExerciseResult:
    """Turn the child's results file and fate into a verdict. Only reported passes count."""
    collected = next((e["ids"] for e in events if e.get("event") == "collected"), None)
    finished = any(e.get("event") == "finished" for e in events)
    reported = {e["id"]: e for e in events if e.get("event") == "test" and "id" in e}
    collect_error = next((e for e in events if e.get("event") == "collect_error"), None)

    if not collected:
        if timed_out:
            return ExerciseResult(exercise, TIMEOUT, f"The check did not start within {limit:g} s.")
        if collect_error:
            return ExerciseResult(exercise, ERROR, "The test suite could not be loaded.\n" + collect_error["message"])
        return ExerciseResult(exercise, ERROR, _died_message(returncode, output_tail, "before any test ran"))

    tests: list[TestResult] = []
    fate_told = False
    for test_id in collected:
        name = test_id.split("::")[-1]
        if test_id in reported:
            event = reported[test_id]
            tests.append(TestResult(name, event.get("status", ERROR), event.get("message", ""),
                                    float(event.get("duration", 0.0)), event.get("output", "")))
        elif not fate_told and timed_out:
            tests.append(TestResult(name, TIMEOUT, f"Still running after {limit:g} s and was stopped: an "
                                    "endless loop, or an event loop blocked forever?"))
            fate_told = True
        elif not fate_told and not finished:
            tests.append(TestResult(name, ERROR, _died_message(returncode, output_tail, "during this test")))
            fate_told = True
        else:
            tests.append(TestResult(name, "not run", "Not run: an earlier test of this exercise was stopped."))

    statuses = {t.status for t in tests}
    if statuses == {PASS} and finished:
        return ExerciseResult(exercise, PASS, "", tests)
    status = TIMEOUT if TIMEOUT in statuses else ERROR if ERROR in statuses else FAIL
    first = next(t for t in tests if t.status != PASS) if statuses != {PASS} else None
    message = first.message if first else _died_message(returncode, output_tail, "after the last test")
    return ExerciseResult(exercise, status, message, tests)


def _died_message(returncode: int | None, output_tail: str, when: str) -> str:
    if returncode is not None and returncode < 0:
        how = f"was killed by signal {signal.Signals(-returncode).name}"
    else:
        how = f"exited with code {returncode}"
    text = (
        f"The test process ended {when}: it {how} without reporting its results. "
        "Does the code call os._exit() or sys.exit(), or crash the interpreter?"
    )
    last_lines = [line for line in output_tail.strip().splitlines() if line.strip()][-8:]
    if last_lines:
        text += "\nLast output:\n" + "\n".join(f"  {line[:200]}" for line in last_lines)
    return text
