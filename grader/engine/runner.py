"""Checking exercises, each in its own process, several at once.

Learner code is untrusted and often broken, so each suite runs in a child process (grader.engine.child)
with its own session and a wall-time bound. The child's output goes to a file, never a pipe: a
grandchild that keeps the pipe open, or megabytes of printing, cannot stall the grader. The verdict
comes only from the results the child writes test by test (grader.engine.protocol); a child that
exits 0 without reporting its tests has not passed.

Graded runs (`Sealed`, see grader.engine.trust) go further: each check runs in a private copy of
exactly the pristine files it reads, made for it alone and verified after it (grader.engine.isolation),
the test ids to expect are collected by the parent beforehand, and the child's results reach the
parent only as records signed with a key the learner's code is never handed on its command line, in
its environment or on disk (grader.harness.sealed).

Where the children come from is a `Runner`'s business (grader.engine.launch): forked from a warm
parent that has imported pytest and the harness once, or spawned fresh. Everything else (the
environment, grader.engine.environment; the time bound; ending the process group; reading the
results; the verdict) is the same code for both.

Scheduling: real-clock suites mostly wait (on threads, sockets, subprocesses, real timers) rather
than compute, so they start first and run on top of the CPU-bound virtual-clock ones: `jobs`
virtual checks at once (default: the core count) plus up to WAITING_PER_JOB times as many real-clock ones.
Their margins hold on a loaded machine by design (ratios with wide gaps, counted heartbeats, CPU
time rather than wall time), and a real-clock suite's processes are mostly asleep, so the overlap
costs them little; `selftests/test_engine.py` and `benchmarks/grader.py load` check that no correct
solution fails with every core busy.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader import catalog as catalog_module
from grader.catalog import Catalog, Exercise
from grader.engine import environment, isolation, launch, protocol, verdict
from grader.engine.verdict import Fate
from grader.results import ExerciseResult

# The whole suite of one exercise, including interpreter start-up. The per-test bounds inside
# (grader.harness.plugin.WALL_TIMEOUT) normally end a runaway test long before this.
EXERCISE_TIMEOUT = {"virtual": 30.0, "real": 150.0}
COLLECT_TIMEOUT = 120.0
OUTPUT_TAIL_BYTES = 3000
# The child loads only the pytest plugins the suites need (the kata's own comes from the pytest
# configuration); skipping the autoload of every installed plugin halves each child's start-up.
PYTEST_PLUGINS = ("asyncio", "timeout", "looptime_plugin", "looptime_chronometers", "looptime_timeproxies")
# Real-clock checks running at once, per CPU slot (see the module's docstring).
WAITING_PER_JOB = 2

OnDone = Callable[[ExerciseResult], None]

MAX_RESULTS_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Sealed:
    """How a graded run runs its children (built by grader.engine.trust.prepare)."""

    root: Path  # the grader's own copy of the pristine kata: kata.toml, pyproject.toml, tests/
    expected: Mapping[str, tuple[str, ...]]  # test ids of each suite, by Exercise.suite_id
    # The files of `root` as recorded once laid out: each check's copy is made from these bytes.
    pristine: isolation.Tree | None = None
    # The folder the pristine files came from, verified after every check as well (None: not a folder).
    source: isolation.Tree | None = None

    def __post_init__(self) -> None:
        if self.pristine is None:
            tree = isolation.Tree(self.root, isolation.kata_files(self.root), label="the grader's copy of the kata",
                                  owned=True)
            object.__setattr__(self, "pristine", tree)

    @property
    def config(self) -> Path:
        """The trusted pytest configuration of the grader's own copy."""
        return self.root / "pyproject.toml"

    @property
    def trees(self) -> list[isolation.Tree]:
        """What is verified after every check."""
        return [tree for tree in (self.pristine, self.source) if tree is not None]

    @property
    def incidents(self) -> list[str]:
        """What the checks did to the grader's files, for the teacher."""
        return [text for tree in self.trees for text in tree.incidents]


@dataclass(frozen=True, eq=False)  # each check is itself: hashed by identity
class Check:
    """One exercise to check, and whose code: a kata dir holding <topic>/<name>.py."""

    exercise: Exercise
    kata_dir: Path
    sealed: Sealed | None = None


class Runner:
    """Where a command's check processes come from, for as long as it lives (a context manager).

    `kind` is "fork" (a warm parent, grader.engine.launch.WarmParent) or "spawn"; by default the
    platform decides (launch.runner_kind, $KATA_RUNNER). Plain and graded checks differ in their
    environment, so a runner serves one or the other.
    """

    def __init__(self, *, graded: bool, kind: str | None = None) -> None:
        self.graded = graded
        self.env = environment.base(graded=graded)
        self.launcher = launch.launcher(kind or launch.runner_kind(), env=self.env, plugins=PYTEST_PLUGINS)

    @property
    def kind(self) -> str:
        """What starts the children now: "fork", or "spawn" (chosen, or fallen back to)."""
        failed = getattr(self.launcher, "failed", "")
        return "spawn" if failed else self.launcher.kind

    def close(self) -> None:
        self.launcher.close()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def child_args(suites: list[Path], *, kata_dir: Path, pristine: Path | None,
               extra: tuple[str, ...] = ()) -> list[str]:
    """pytest's arguments in a child: `suites`, with only the kata's plugins; for graded runs, the
    configuration and rootdir of the `pristine` kata (a graded check's own copy: ".")."""
    args = [str(suite) for suite in suites]
    if pristine is not None:
        args += ["-c", str(pristine / "pyproject.toml"), "--rootdir", str(pristine), "--noconftest",
                 "-p", "grader.harness.plugin"]
    args += ["-q", "--no-header", "-p", "no:cacheprovider",
             *(arg for plugin in PYTEST_PLUGINS for arg in ("-p", plugin)),
             # "-p asyncio" also finds the standard library's asyncio: harmless, but pytest warns.
             "-W", "ignore::pytest.PytestAssertRewriteWarning",
             "--kata-dir", str(kata_dir), *extra]
    return args


def limit_for(exercise: Exercise) -> float:
    return EXERCISE_TIMEOUT.get(exercise.clock, EXERCISE_TIMEOUT["real"])


async def check_many(root: Path, checks: list[Check], *, jobs: int | None = None,
                     on_done: Callable[[Check, ExerciseResult], None] | None = None,
                     runner: Runner | None = None) -> list[ExerciseResult]:
    """Run `checks`, real-clock ones first and on top of `jobs` virtual ones at a time (default: the core
    count); results in input order.

    `root` is the kata the plain checks run in (their suites and pytest configuration). `on_done`
    hears of each check as it ends, in the order they end. Without a `runner`, one is made for these
    checks (launch.runner_kind: a single check is spawned).

    Graded checks whose check may have written into the grader's files, or whose copy was written
    into (grader.engine.isolation), are checked again at the end, one at a time; only then are they done.
    """
    if runner is None:
        graded = any(check.sealed is not None for check in checks)
        with Runner(graded=graded, kind=launch.runner_kind(len(checks))) as own:
            return await check_many(root, checks, jobs=jobs, on_done=on_done, runner=own)
    computing = asyncio.Semaphore(jobs or os.cpu_count() or 1)
    waiting = asyncio.Semaphore(WAITING_PER_JOB * (jobs or os.cpu_count() or 1))
    results: dict[Check, ExerciseResult] = {}
    guard = _guard_for(checks)

    async def run(check: Check) -> ExerciseResult | None:
        """The check's result, None when it must be checked again alone."""
        if check.sealed is None:
            return await run_plain(root, check.exercise, check.kata_dir, runner=runner)
        assert guard is not None
        return await check_sealed(check, runner=runner, guard=guard)

    def done(check: Check, result: ExerciseResult) -> None:
        results[check] = result
        if on_done:
            on_done(check, result)

    async def one(check: Check) -> None:
        async with waiting if check.exercise.clock == "real" else computing:
            result = await run(check)
        if result is not None:
            done(check, result)

    try:
        # Tasks queue on the semaphores in the order they are created: real-clock ones first.
        ordered = sorted(checks, key=lambda check: check.exercise.clock != "real")
        await asyncio.gather(*(one(check) for check in ordered))
        again = guard.take_again() if guard is not None else []
        for check in sorted(again, key=checks.index):
            result = await run(check)  # alone: it either did it, or its result stands
            assert result is not None
            done(check, result)
    finally:
        if guard is not None:
            guard.close()
    return [results[check] for check in checks]


def _guard_for(checks: list[Check]) -> isolation.Guard[Check] | None:
    """The guard of a run's graded checks, with every learner file read now, before any check starts."""
    sealed = [check for check in checks if check.sealed is not None]
    if not sealed:
        return None
    guard: isolation.Guard[Check] = isolation.Guard(tree for check in sealed if check.sealed
                                                    for tree in check.sealed.trees)
    for check in sealed:
        guard.read_learner_file(check, check.exercise.file_in(check.kata_dir))
    return guard


async def check_all(catalog: Catalog, exercises: list[Exercise], kata_dir: Path, *, jobs: int | None = None,
                    on_done: OnDone | None = None, runner: Runner | None = None) -> list[ExerciseResult]:
    """Check `exercises` against the code in `kata_dir`; results in input order."""
    def each(_: Check, result: ExerciseResult) -> None:
        if on_done:
            on_done(result)

    return await check_many(catalog.root, [Check(e, kata_dir) for e in exercises], jobs=jobs, on_done=each,
                            runner=runner)


async def check_exercise(catalog: Catalog, exercise: Exercise, kata_dir: Path,
                         runner: Runner | None = None) -> ExerciseResult:
    [result] = await check_many(catalog.root, [Check(exercise, kata_dir)], runner=runner)
    return result


async def run_plain(root: Path, exercise: Exercise, kata_dir: Path, *, runner: Runner) -> ExerciseResult:
    """A check of the learner's own copy: its suites and configuration, results through a plain file."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kata-") as private:
        report_file = Path(private) / "results.jsonl"
        output_file = Path(private) / "output.txt"
        report_file.touch()
        args = child_args([exercise.test_path], kata_dir=kata_dir, pristine=None,
                          extra=("--kata-report", str(report_file)))
        fate = await run_bounded(runner, args, cwd=root, env=environment.for_check(runner.env, kata_dir),
                                 output_file=output_file, limit=limit_for(exercise))
        result = verdict.interpret(exercise, records=protocol.read_plain(report_file), fate=fate,
                                   output_tail=_tail(output_file))
    result.duration = time.monotonic() - started
    return result


async def check_sealed(check: Check, *, runner: Runner, guard: isolation.Guard[Check]) -> ExerciseResult | None:
    """A graded check: pristine suite and config, the expected test ids, signed results only.

    The child runs in its own copy of the pristine files and the learner's (grader.engine.isolation),
    made by `guard` just before it starts, and is handed only relative paths. Its result is None when
    it must be checked again alone (see check_many).

    The results file is created here and unlinked at once; the child gets a descriptor open for
    appending, and the key through a pipe it reads (and closes) before any learner code runs. Lines
    without a valid signature, or out of sequence, are ignored: learner code that writes into the
    file, or into another exercise's, changes nothing.
    """
    exercise, sealed = check.exercise, check.sealed
    assert sealed is not None and sealed.pristine is not None
    started = time.monotonic()
    expected = list(sealed.expected.get(exercise.suite_id, ()))
    if not expected:
        return verdict.grader_error(exercise, "the kata's tests for it could not be loaded. Tell your teacher.")
    key = secrets.token_bytes(32)
    # Making folders can wait on the disk: in a thread, so that other checks go on meanwhile.
    copy = await asyncio.to_thread(guard.copy_for, check, sealed.pristine, exercise)
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
        guard.start(check)
        try:
            kata_dir = Path(catalog_module.EXERCISES)  # in the copy, the child's working folder
            args = child_args([exercise.test_path], kata_dir=kata_dir, pristine=Path("."),
                              extra=("-p", "grader.harness.sealed"))

            def close_child_ends() -> None:  # the child has its copies now
                for fd in to_close:
                    os.close(fd)
                to_close.clear()

            fate = await run_bounded(runner, args, cwd=copy.root, env=environment.for_check(runner.env, kata_dir),
                                     output_file=output_file, limit=limit_for(exercise),
                                     fds={"KATA_REPORT_FD": write_fd, "KATA_KEY_FD": key_read},
                                     after_start=close_child_ends)
            records = protocol.read_signed(_read_fd(read_fd), key)
        finally:
            for fd in (*to_close, read_fd):
                os.close(fd)
            ended = guard.end(check, copy)
        result = verdict.interpret(exercise, records=records, fate=fate, output_tail=_tail(output_file),
                                   expected=expected)
    await asyncio.to_thread(guard.copies.remove, copy)
    if ended.outcome is isolation.Outcome.AGAIN:
        return None
    if ended.outcome is isolation.Outcome.WROTE:
        result = isolation.wrote_into_grader_files(exercise, ended.names)
    _scrub(result, copy.root)
    result.duration = time.monotonic() - started
    return result


def _scrub(result: ExerciseResult, folder: Path) -> None:
    """Messages without the check's own folder in them (so re-runs read the same)."""
    def scrubbed(text: str) -> str:
        return text.replace(f"{folder}{os.sep}", "").replace(str(folder), "")

    result.message = scrubbed(result.message)
    for test in result.tests:
        test.message = scrubbed(test.message)


def _read_fd(fd: int) -> bytes:
    chunks, size = [], 0
    while size < MAX_RESULTS_BYTES:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


async def collect_test_ids(sealed_root: Path, suites: list[Path], cwd: Path,
                           runner: Runner | None = None) -> tuple[list[str], list[str]]:
    """The test ids of the pristine suites and any collection errors, from a run without learner code.

    A run that collected nothing at all (pytest refused to start) gives pytest's own words as its error."""
    if runner is None:
        with Runner(graded=True, kind=launch.runner_kind(1)) as own:
            return await collect_test_ids(sealed_root, suites, cwd, own)
    report_file = cwd / "collected.jsonl"
    report_file.touch()
    args = child_args([sealed_root / suite for suite in suites], kata_dir=cwd, pristine=sealed_root,
                      extra=("--collect-only", "--continue-on-collection-errors", "--kata-report", str(report_file)))
    output_file = cwd / "collect-output.txt"
    fate = await run_bounded(runner, args, cwd=cwd, env=environment.for_check(runner.env, cwd),
                             output_file=output_file, limit=COLLECT_TIMEOUT)
    records = protocol.read_plain(report_file)
    collected = protocol.first(records, protocol.Event.COLLECTED)
    errors = [str(r.get("message", "")) for r in protocol.of_kind(records, protocol.Event.COLLECT_ERROR)]
    if collected is None:
        errors.append(verdict.stopped_before_collecting(fate, _tail(output_file)))
    return list(collected["ids"] if collected else []), errors


async def run_bounded(
    runner: Runner,
    args: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    output_file: Path,
    limit: float,
    fds: dict[str, int] | None = None,
    after_start: Callable[[], None] | None = None,
) -> Fate:
    """Run a child (pytest with `args`) in a process group of its own, output to a file, for at most
    `limit` seconds. Whatever happens, the child and everything it started are ended before this
    returns."""
    with open(output_file, "wb") as output:
        child = await runner.launcher.start(launch.Launch(args, cwd, env, output.fileno(), dict(fds or {})))
    if after_start is not None:
        after_start()
    timed_out, lost = False, ""
    try:
        await asyncio.wait_for(child.wait(), limit)
    except TimeoutError:
        timed_out = True
    except launch.ChildLost as error:
        lost = str(error)
    finally:
        child.kill()
        try:
            returncode: int | None = await child.wait()
        except launch.ChildLost as error:
            lost, returncode = lost or str(error), None
    return Fate(limit=limit, timed_out=timed_out, returncode=returncode, lost=lost)


def _tail(path: Path) -> str:
    with open(path, "rb") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(0, size - OUTPUT_TAIL_BYTES))
        text = file.read().decode("utf-8", errors="replace")
    return ("..." if size > OUTPUT_TAIL_BYTES else "") + text
