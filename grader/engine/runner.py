"""Checking exercises, each in its own process, several at once.

Learner code is untrusted and often broken, so each suite runs in a child process (grader.engine.child)
with its own session and a wall-time bound. The child's output goes to a file, never a pipe: a
grandchild that keeps the pipe open, or megabytes of printing, cannot stall the grader. The verdict
comes only from the results the child writes test by test (grader.engine.protocol); a child that
exits 0 without reporting its tests has not passed.

Graded runs (`Sealed`, see grader.engine.trust) go further: the suites and the pytest config come
from a private copy of the pristine kata, the test ids to expect are collected by the parent
beforehand, and the child's results reach the parent only as records signed with a key the learner's
code is never handed on its command line, in its environment or on disk (grader.harness.sealed).
"""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.engine import protocol, verdict
from grader.results import ExerciseResult, Status

# The whole suite of one exercise, including interpreter start-up. The per-test bounds inside
# (grader.harness.plugin.WALL_TIMEOUT) normally end a runaway test long before this.
EXERCISE_TIMEOUT = {"virtual": 30.0, "real": 150.0}
OUTPUT_TAIL_BYTES = 3000
# The child loads only the pytest plugins the suites need (the kata's own comes from the pytest
# configuration); skipping the autoload of every installed plugin halves each child's start-up.
PYTEST_PLUGINS = ("asyncio", "timeout", "looptime_plugin", "looptime_chronometers", "looptime_timeproxies")

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
    """How a graded run runs its children (built by grader.engine.trust.prepare)."""

    root: Path  # private copy of the pristine kata: kata.toml, pyproject.toml, tests/
    expected: Mapping[str, tuple[str, ...]]  # test ids of each suite, by Exercise.suite_id

    @property
    def config(self) -> Path:
        """The trusted pytest configuration, passed with -c."""
        return self.root / "pyproject.toml"


@dataclass(frozen=True, eq=False)  # each check is itself: hashed by identity
class Check:
    """One exercise to check, and whose code: a kata dir holding <topic>/<name>.py."""

    exercise: Exercise
    kata_dir: Path
    sealed: Sealed | None = None
    cwd: Path | None = None  # graded runs: the private folder the learner's files are staged in


def child_command(suites: list[Path], *, kata_dir: Path, sealed: Sealed | None,
                  extra: tuple[str, ...] = ()) -> list[str]:
    """The child's command line: pytest on `suites`, with only the kata's plugins."""
    command = [sys.executable, "-m", "grader.engine.child", *map(str, suites)]
    if sealed is not None:
        command += ["-c", str(sealed.config), "--rootdir", str(sealed.root), "--noconftest",
                    "-p", "grader.harness.plugin"]
    command += ["-q", "--no-header", "-p", "no:cacheprovider",
                *(arg for plugin in PYTEST_PLUGINS for arg in ("-p", plugin)),
                # "-p asyncio" also finds the standard library's asyncio: harmless, but pytest warns.
                "-W", "ignore::pytest.PytestAssertRewriteWarning",
                "--kata-dir", str(kata_dir), *extra]
    return command


def child_environment(kata_dir: Path, *, graded: bool) -> dict[str, str]:
    hidden = HIDDEN_FROM_GRADED if graded else ()
    env = {name: value for name, value in os.environ.items() if name not in hidden}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", KATA_DIR=str(kata_dir))
    if graded:
        env["PYTHONSAFEPATH"] = "1"
    return env


def limit_for(exercise: Exercise) -> float:
    return EXERCISE_TIMEOUT.get(exercise.clock, EXERCISE_TIMEOUT["real"])


async def check_many(root: Path, checks: list[Check], *, jobs: int | None = None,
                     on_done: Callable[[Check, ExerciseResult], None] | None = None) -> list[ExerciseResult]:
    """Run `checks`, `jobs` at a time (default: the core count); results in input order.

    `root` is the kata the plain checks run in (their suites and pytest configuration). `on_done`
    hears of each check as it ends, in the order they end.
    """
    slots = asyncio.Semaphore(jobs or os.cpu_count() or 1)

    async def one(check: Check) -> ExerciseResult:
        async with slots:
            if check.sealed is not None:
                result = await check_sealed(check.exercise, check.kata_dir, check.sealed,
                                            cwd=check.cwd or check.kata_dir.parent)
            else:
                result = await run_plain(root, check.exercise, check.kata_dir)
        if on_done:
            on_done(check, result)
        return result

    return list(await asyncio.gather(*(one(check) for check in checks)))


async def check_all(catalog: Catalog, exercises: list[Exercise], kata_dir: Path, *, jobs: int | None = None,
                    on_done: OnDone | None = None) -> list[ExerciseResult]:
    """Check `exercises` against the code in `kata_dir`, `jobs` at a time; results in input order."""
    def each(_: Check, result: ExerciseResult) -> None:
        if on_done:
            on_done(result)

    return await check_many(catalog.root, [Check(e, kata_dir) for e in exercises], jobs=jobs, on_done=each)


async def check_exercise(catalog: Catalog, exercise: Exercise, kata_dir: Path) -> ExerciseResult:
    return await run_plain(catalog.root, exercise, kata_dir)


async def run_plain(root: Path, exercise: Exercise, kata_dir: Path) -> ExerciseResult:
    """A check of the learner's own copy: its suites and configuration, results through a plain file."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kata-") as private:
        report_file = Path(private) / "results.jsonl"
        output_file = Path(private) / "output.txt"
        report_file.touch()
        command = child_command([exercise.test_path], kata_dir=kata_dir, sealed=None,
                                extra=("--kata-report", str(report_file)))
        limit = limit_for(exercise)
        timed_out, returncode = await run_bounded(
            command, cwd=root, output_file=output_file, limit=limit,
            env=child_environment(kata_dir, graded=False),
        )
        result = verdict.interpret(
            exercise, records=protocol.read_plain(report_file), timed_out=timed_out, limit=limit,
            returncode=returncode, output_tail=_tail(output_file),
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
    expected = list(sealed.expected.get(exercise.suite_id, ()))
    if not expected:
        return ExerciseResult(exercise, Status.ERROR, f"The kata's tests for {exercise.name} could not be loaded, "
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
            env = child_environment(kata_dir, graded=True)
            env.update(KATA_REPORT_FD=str(write_fd), KATA_KEY_FD=str(key_read))
            command = child_command([sealed.root / exercise.test_path], kata_dir=kata_dir, sealed=sealed,
                                    extra=("-p", "grader.harness.sealed"))
            limit = limit_for(exercise)

            def close_child_ends() -> None:  # the child has its copies now
                for fd in to_close:
                    os.close(fd)
                to_close.clear()

            timed_out, returncode = await run_bounded(
                command, cwd=cwd, output_file=output_file, limit=limit, env=env,
                pass_fds=(write_fd, key_read), after_start=close_child_ends,
            )
            records = protocol.read_signed(_read_fd(read_fd), key)
        finally:
            for fd in (*to_close, read_fd):
                os.close(fd)
        result = verdict.interpret(exercise, records=records, timed_out=timed_out, limit=limit,
                                   returncode=returncode, output_tail=_tail(output_file), expected=expected)
    result.duration = time.monotonic() - started
    return result


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
    command = child_command([sealed_root / suite for suite in suites], kata_dir=cwd,
                            sealed=Sealed(sealed_root, {}),
                            extra=("--collect-only", "--continue-on-collection-errors",
                                   "--kata-report", str(report_file)))
    process = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL, start_new_session=True, env=child_environment(cwd, graded=True))
    try:
        await asyncio.wait_for(process.wait(), 120)
    finally:
        _kill_group(process)
        await process.wait()
    records = protocol.read_plain(report_file)
    collected = protocol.first(records, protocol.Event.COLLECTED)
    errors = [r.get("message", "") for r in protocol.of_kind(records, protocol.Event.COLLECT_ERROR)]
    return list(collected["ids"] if collected else []), errors


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
        except TimeoutError:
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


def _tail(path: Path) -> str:
    with open(path, "rb") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(0, size - OUTPUT_TAIL_BYTES))
        text = file.read().decode("utf-8", errors="replace")
    return ("..." if size > OUTPUT_TAIL_BYTES else "") + text
