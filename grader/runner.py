"""Checking exercises, each in its own process, several at once.

Learner code is untrusted and often broken, so each suite runs in a child process (grader.child)
with its own session and a wall-time bound. The child's output goes to a file, never a pipe: a
grandchild that keeps the pipe open, or megabytes of printing, cannot stall the grader. The verdict
comes only from the results file the child writes test by test (grader.harness.report); a child
that exits 0 without reporting its tests has not passed.

Graded runs (`Sealed`, see grader.trust) go further: the suites and the pytest config come from a
private copy of the pristine kata, the test ids to expect are collected by the parent beforehand,
and the child's results reach the parent only as records signed with a key the learner's code is
never handed on its command line, in its environment or on disk (grader.harness.sealed).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

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

# Environment variables a graded child must not see: the files through which a GitHub Actions step
# sets outputs, environment and summaries, and the tokens of the run.
HIDDEN_FROM_GRADED = (
    "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_RUNTIME_URL", "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL",
)
MAX_RESULTS_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Sealed:
    """How a graded run runs its children (built by grader.trust.prepare)."""

    root: Path  # private copy of the pristine kata: kata.toml, pyproject.toml, tests/
    expected: Mapping[str, tuple[str, ...]]  # test ids of each suite ("tests/<topic>/test_<name>.py")

    @property
    def config(self) -> Path:
        """The trusted pytest configuration, passed with -c."""
        return self.root / "pyproject.toml"

    def pytest_args(self) -> list[str]:
        return [
            "-c", str(self.config), "--rootdir", str(self.root), "--noconftest",
            "-p", "no:cacheprovider", "-p", "grader.harness.plugin",
            *(arg for plugin in PYTEST_PLUGINS for arg in ("-p", plugin)),
            "-q", "--no-header", "-W", "ignore::pytest.PytestAssertRewriteWarning",
        ]


def graded_environment(kata_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in HIDDEN_FROM_GRADED}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONSAFEPATH="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
               KATA_DIR=str(kata_dir))
    return env


async def check_all(
    catalog: Catalog,
    exercises: list[Exercise],
    kata_dir: Path,
    *,
    jobs: int | None = None,
    on_done: OnDone | None = None,
    sealed: Sealed | None = None,
    cwd: Path | None = None,
) -> list[ExerciseResult]:
    """Check `exercises` against the code in `kata_dir`, `jobs` at a time; results in input order."""
    slots = asyncio.Semaphore(jobs or os.cpu_count() or 1)

    async def one(exercise: Exercise) -> ExerciseResult:
        async with slots:
            if sealed is not None:
                result = await check_sealed(exercise, kata_dir, sealed, cwd=cwd or kata_dir.parent)
            else:
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
        timed_out, returncode = await run_bounded(
            command, cwd=catalog.root, output_file=output_file, limit=limit,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "KATA_DIR": str(kata_dir),
                 "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        )
        result = interpret(
            exercise,
            events=_read_events(report_file),
            timed_out=timed_out,
            limit=limit,
            returncode=returncode,
            output_tail=_tail(output_file),
        )
    result.duration = time.monotonic() - started
    return result


async def check_sealed(exercise: Exercise, kata_dir: Path, sealed: Sealed, *, cwd: Path) -> ExerciseResult:
    """A graded check: pristine suite and config, the expected test ids, signed results only.

    The results file is created here and unlinked at once; the child gets a descriptor open for
    appending, and the key through a pipe it reads (and closes) before any learner code runs. Lines
    without a valid signature, or out of sequence, are ignored: learner code that writes into the
    file, or into another exercise's, changes nothing.
    """
    started = time.monotonic()
    expected = list(sealed.expected.get(exercise.test_path.as_posix(), ()))
    if not expected:
        return ExerciseResult(exercise, ERROR, f"The kata's tests for {exercise.name} could not be loaded, "
                              "so it was not graded. Tell your teacher.")
    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="kata-") as private:
        output_file = Path(private) / "output.txt"
        results_path = Path(private) / secrets.token_hex(8)
        write_fd = os.open(results_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        read_fd = os.open(results_path, os.O_RDONLY)
        results_path.unlink()
        key_read, key_write = os.pipe()
        os.write(key_write, key)
        os.close(key_write)
        to_close = [write_fd, key_read]
        try:
            env = graded_environment(kata_dir)
            env.update(KATA_REPORT_FD=str(write_fd), KATA_KEY_FD=str(key_read))
            command = [
                sys.executable, "-m", "grader.child", str(sealed.root / exercise.test_path),
                *sealed.pytest_args(), "-p", "grader.harness.sealed", "--kata-dir", str(kata_dir),
            ]
            limit = EXERCISE_TIMEOUT.get(exercise.clock, EXERCISE_TIMEOUT["real"])

            def close_child_ends() -> None:  # the child has its copies now
                for fd in to_close:
                    os.close(fd)
                to_close.clear()

            timed_out, returncode = await run_bounded(
                command, cwd=cwd, output_file=output_file, limit=limit, env=env,
                pass_fds=(write_fd, key_read), after_start=close_child_ends,
            )
            events = read_signed(_read_fd(read_fd), key)
        finally:
            for fd in (*to_close, read_fd):
                os.close(fd)
        result = interpret(exercise, events=events, timed_out=timed_out, limit=limit,
                           returncode=returncode, output_tail=_tail(output_file), expected=expected)
    result.duration = time.monotonic() - started
    return result


def sign(key: bytes, seq: int, event: dict) -> str:
    """One line of a graded child's results: the event, its place in the sequence, and an HMAC."""
    body = json.dumps({"seq": seq, **event}, sort_keys=True)
    mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    return json.dumps({"body": body, "mac": mac}) + "\n"


def read_signed(data: bytes, key: bytes) -> list[dict]:
    """The events of a graded child: validly signed lines, in sequence; everything else is ignored."""
    events: list[dict] = []
    for line in data.splitlines():
        try:
            record = json.loads(line)
            body, mac = record["body"], record["mac"]
            if not (isinstance(body, str) and isinstance(mac, str)):
                continue
            if not hmac.compare_digest(hmac.new(key, body.encode(), hashlib.sha256).hexdigest(), mac):
                continue
            event = json.loads(body)
        except (ValueError, TypeError, KeyError):
            continue
        if isinstance(event, dict) and event.get("seq") == len(events) + 1:
            events.append(event)
    return events


def _read_fd(fd: int) -> bytes:
    chunks, size = [], 0
    while size < MAX_RESULTS_BYTES:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


async def collect_test_ids(sealed_root: Path, suites: list[Path], cwd: Path) -> tuple[list[str], list[str]]:
    """The test ids of the pristine suites and any collection errors, from a run without learner code."""
    report_file = cwd / "collected.jsonl"
    report_file.touch()
    sealed = Sealed(sealed_root, {})
    command = [sys.executable, "-m", "grader.child", *(str(sealed_root / suite) for suite in suites),
               *sealed.pytest_args(), "--collect-only", "--continue-on-collection-errors",
               "--kata-dir", str(cwd), "--kata-report", str(report_file)]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL, start_new_session=True, env=graded_environment(cwd))
    try:
        await asyncio.wait_for(process.wait(), 120)
    finally:
        _kill_group(process)
        await process.wait()
    events = _read_events(report_file)
    collected = next((e["ids"] for e in events if e.get("event") == "collected"), [])
    errors = [e.get("message", "") for e in events if e.get("event") == "collect_error"]
    return list(collected), errors


async def run_bounded(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    output_file: Path,
    limit: float,
    pass_fds: tuple[int, ...] = (),
    after_start: Callable[[], None] | None = None,
) -> tuple[bool, int | None]:
    """Run a child in a process group of its own, output to a file, for at most `limit` seconds.

    Whatever happens, the child and everything it started are ended before this returns.
    Returns (timed out, exit code).
    """
    with open(output_file, "wb") as output:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=cwd, env=env, pass_fds=pass_fds,
            stdin=asyncio.subprocess.DEVNULL, stdout=output, stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group, so we can end all it started
        )
        if after_start is not None:
            after_start()
        try:
            await asyncio.wait_for(process.wait(), limit)
            timed_out = False
        except asyncio.TimeoutError:
            timed_out = True
        finally:
            _kill_group(process)
            await process.wait()
    return timed_out, process.returncode


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
    expected: list[str] | None = None,
) -> ExerciseResult:
    """Turn the child's results file and fate into a verdict. Only reported passes count.

    With `expected` (graded runs), the tests are the ones the parent collected itself: a child that
    reports another set has not run the kata's suite.
    """
    collected = next((e["ids"] for e in events if e.get("event") == "collected"), None)
    if expected is not None and collected and list(collected) != list(expected):
        return ExerciseResult(exercise, ERROR, "The tests that ran are not the kata's own tests, so nothing "
                              f"counts: expected {len(expected)} test(s), the run reported {len(collected)}.")
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
    for test_id in (expected if expected is not None else collected):
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
    # A process that died after its last test crashed all the same: an error, not a failure.
    status = TIMEOUT if TIMEOUT in statuses else ERROR if ERROR in statuses or not finished else FAIL
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
