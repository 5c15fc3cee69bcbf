"""run_processes: real child processes, at most `limit` at once, results in input order, no shell."""
import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from grader.harness import expect_async_def, expect_equal, fail, same

PYTHON = [sys.executable, "-I", "-S", "-c"]  # a light child: no site-packages to import
WAIT = 30.0  # real seconds for a handful of tiny children; a correct run_all needs well under one
SETTLE = 0.5  # once `limit` children run, wait this long for an extra one (that would exceed the limit)
PATIENCE = 5.0  # no new child for this long while fewer than `limit` run: run_all is not starting them

# A child that records its start, waits until the test lets it go, records its end and prints its name.
GATED = r"""
import os, sys, time
folder, name = sys.argv[1], sys.argv[2]
open(os.path.join(folder, name + ".start"), "w").close()
deadline = time.monotonic() + 60
while not os.path.exists(os.path.join(folder, name + ".go")) and time.monotonic() < deadline:
    time.sleep(0.005)
open(os.path.join(folder, name + ".end"), "w").close()
sys.stdout.buffer.write(("done " + name + " \u2713\n").encode("utf-8"))
"""


def child(code, *args):
    return [*PYTHON, code, *args]


def output(text):
    """A child that prints `text` (UTF-8, whatever the locale)."""
    return child(f"import sys; sys.stdout.buffer.write({text.encode('utf-8')!r})")


STARTED = []  # (args, shell, started in a worker thread) of every process started during the current test


@pytest.fixture(autouse=True)
def record_processes(monkeypatch):
    """Every process started while a test runs is recorded, so that a shell can be named."""
    STARTED.clear()
    init = subprocess.Popen.__init__

    def recording_init(self, args, *rest, **kwargs):
        STARTED.append((args, kwargs.get("shell", False), threading.current_thread() is not threading.main_thread()))
        init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", recording_init)


def expect_asyncio_subprocesses():
    threaded = [args for args, _, in_thread in STARTED if in_thread]
    if threaded:
        fail("run_all started the processes from worker threads (subprocess in asyncio.to_thread or an "
             "executor), not as asyncio subprocesses.",
             f"Started in a thread: {threaded[0]!r}",
             hint="asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE) starts a process "
             "the event loop itself watches: no thread waits for it.")


def expect_no_shell():
    shells = [args for args, shell, _ in STARTED if shell or (
        isinstance(args, (list, tuple)) and args and Path(str(args[0])).name in {"sh", "bash", "dash", "zsh"})]
    if shells:
        shown = repr(shells[0])
        fail("run_all ran the commands through a shell.",
             f"It started: {shown if len(shown) <= 120 else shown[:117] + '...'}",
             hint="asyncio.create_subprocess_exec(*argv) passes each argument as it is; a shell would expand "
             "$VARIABLES, split on ; and run whatever follows.")


async def call_run_all(exercise, commands, *limit, stuck_hint=None):
    expect_async_def(exercise.run_all, "run_all")
    try:
        results = await asyncio.wait_for(exercise.run_all(commands, *limit), WAIT)
    except TimeoutError:
        results = TimeoutError
    finally:
        expect_no_shell()
        expect_asyncio_subprocesses()
    if results is TimeoutError:
        fail(f"run_all did not return within {WAIT:g} s for {len(commands)} tiny commands.",
             hint=stuck_hint or "Wait for each process with `await proc.communicate()`, which also reads all of "
             "stdout.")
    return results


def expect_results(results, expected, *, what, **options):
    """expect_equal, naming results that are all there but in another order."""
    if (isinstance(results, list) and len(results) == len(expected) and results != expected
            and same(sorted(results, key=repr), sorted(expected, key=repr))):
        fail(f"{what} returned the results in the order the commands finished, not in the order of the commands.",
             f"{what} returned {results!r}; expected {expected!r}.",
             hint="asyncio.gather returns its results in the order of its arguments, whatever order they finish in.")
    expect_equal(results, expected, what=what, **options)


class Gate:
    """Children that run until the test releases them, so that the test sees how many run at once."""

    def __init__(self, folder: Path, count: int):
        self.folder = folder
        self.names = [f"c{i}" for i in range(count)]
        self.high_water = 0
        self.stalled = False

    def commands(self):
        return [child(GATED, str(self.folder), name) for name in self.names]

    def _have(self, suffix):
        return {name for name in self.names if (self.folder / f"{name}.{suffix}").exists()}

    def release(self, names):
        for name in names:
            (self.folder / f"{name}.go").touch()

    async def hold(self, limit):
        """Let children go only once `limit` of them run at once (or all have started)."""
        loop = asyncio.get_running_loop()
        seen, changed, released = set(), loop.time(), set()
        while True:
            started, ended = self._have("start"), self._have("end")
            running = started - ended
            self.high_water = max(self.high_water, len(running))
            if started != seen:
                seen, changed = started, loop.time()
            quiet = loop.time() - changed
            waiting = running - released
            if waiting and (self.stalled or (quiet >= SETTLE and (len(running) >= limit or started == set(self.names)))
                            or quiet >= PATIENCE):
                self.stalled = self.stalled or (len(running) < limit and started != set(self.names))
                self.release(waiting)
                released |= waiting
            if len(ended) == len(self.names):
                return
            await asyncio.sleep(0.01)

    async def in_reverse(self):
        """Once all have started, let them finish last one first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE
        while self._have("start") != set(self.names) and loop.time() < deadline:
            await asyncio.sleep(0.01)
        if self._have("start") != set(self.names):
            self.open_all()  # they do not all run at once (other tests diagnose that): let them all go
            return
        for name in reversed(self.names):
            self.release([name])
            while name not in self._have("end"):
                await asyncio.sleep(0.01)

    def open_all(self):
        self.release(self.names)


async def run_gated(exercise, gate, watch, *limit):
    watcher = asyncio.create_task(watch)
    try:
        results = await call_run_all(exercise, gate.commands(), *limit)
    finally:
        gate.open_all()  # no child is left waiting, whatever happened
        watcher.cancel()
    return results


@pytest.mark.parametrize("limit, count", [(3, 7), (None, 6)], ids=["limit_3", "default_limit_4"])
async def test_runs_at_most_limit_at_once(exercise, tmp_path, limit, count):
    gate = Gate(tmp_path, count)
    expected_limit = limit or 4
    args = () if limit is None else (limit,)
    results = await run_gated(exercise, gate, gate.hold(expected_limit), *args)
    call = f"run_all({count} commands{'' if limit is None else f', limit={limit}'})"
    evidence = (f"The children waited until {expected_limit} of them were running at once; at most "
                f"{gate.high_water} were.")
    if gate.high_water > expected_limit:
        fail(f"{call} exceeded the limit: {gate.high_water} commands ran at once, at most {expected_limit} may.",
             evidence, hint="Hold an asyncio.Semaphore(limit) from before you start a process until it has ended.")
    if gate.high_water == 1:
        fail(f"{call} ran the commands one after another; up to {expected_limit} may run at once.", evidence,
             hint="Start them all as tasks (asyncio.gather) and let a Semaphore(limit) hold back the rest.")
    if gate.high_water < expected_limit:
        fail(f"{call} ran at most {gate.high_water} commands at once; it should run {expected_limit} at once.",
             evidence, hint="The default limit is 4." if limit is None else None)
    expect_results(results, [(0, f"done {name} ✓\n") for name in gate.names], what=call)


async def test_results_in_input_order(exercise, tmp_path):
    gate = Gate(tmp_path, 4)
    results = await run_gated(exercise, gate, gate.in_reverse(), 4)
    expected = [(0, f"done {name} ✓\n") for name in gate.names]
    expect_results(results, expected, what="run_all(4 commands, limit=4) (they finish last one first)")


async def test_return_codes(exercise):
    commands = [child("print('three'); raise SystemExit(3)"), child("print('zero')"),
                child("raise SystemExit(1)"), child("import os, signal; os.kill(os.getpid(), signal.SIGTERM)")]
    expected = [(3, "three\n"), (0, "zero\n"), (1, ""), (-15, "")]
    results = await call_run_all(exercise, commands)
    if isinstance(results, list) and any(isinstance(r, tuple) and r and r[0] is None for r in results):
        fail("run_all read proc.returncode before the process had ended: it was still None.",
             f"run_all returned {results!r}.", hint="await proc.communicate() (or proc.wait()) first.")
    expect_results(results, expected, what="run_all (children exiting with 3, 0, 1, and killed by SIGTERM)", mistakes=[
        ([(0, "three\n"), (0, "zero\n"), (0, ""), (0, "")], "run_all reported 0 for every command: use "
                                                             "proc.returncode once the process has ended."),
    ], hint="After `await proc.communicate()`, proc.returncode is the exit code (negative: killed by that signal).")


async def test_stdout_decoded_as_utf8(exercise):
    texts = ["Grüße, 世界 ✓\nzweite Zeile\n", "", "  no newline at the end  "]
    results = await call_run_all(exercise, [output(text) for text in texts])
    expected = [(0, text) for text in texts]
    if isinstance(results, list) and results and all(isinstance(r, tuple) and r[1:] == ("",) for r in results):
        fail("run_all returned empty output for every command: stdout was not captured.",
             f"run_all returned {results!r}.", hint="Pass stdout=asyncio.subprocess.PIPE to create_subprocess_exec.")
    expect_results(results, expected, what="run_all (children printing UTF-8 text)", mistakes=[
        ([(0, text.strip()) for text in texts], "run_all stripped the output: return stdout exactly as printed."),
        ([(0, text.encode()) for text in texts], "run_all returned bytes: decode stdout as UTF-8."),
        ([(0, text.encode().decode("latin-1")) for text in texts], "run_all decoded the output as Latin-1, not UTF-8."),
    ])


async def test_a_megabyte_of_output(exercise):
    unit = "ünïcödé✓ "  # 15 bytes of UTF-8: reads of 2**k bytes split its characters
    text = unit * 80_000 + "\n"  # 1.2 MB: far more than a pipe holds
    big = child(f"import sys; sys.stdout.buffer.write(({unit!r} * 80_000 + '\\n').encode('utf-8'))")
    results = await call_run_all(exercise, [big, output("small\n")], stuck_hint=(
        "A child blocks once the pipe to its stdout is full (64 KiB) until someone reads it: waiting for the "
        "process to end before reading its output never ends. `await proc.communicate()` reads and waits at once."))
    if not (isinstance(results, list) and len(results) == 2 and results[0] == (0, text)):
        shown = [(r[0], f"{len(r[1])} characters") if isinstance(r, tuple) and len(r) == 2 and isinstance(r[1], str)
                 else r for r in results] if isinstance(results, list) else results
        fail("run_all did not return the whole output of a child printing about 1 MB.",
             f"run_all returned {shown!r}; expected [(0, '{len(text)} characters'), (0, 'small\\n')].",
             hint="Read all of stdout (proc.communicate()), then decode it once: a UTF-8 character may be split "
             "between two chunks.")
    expect_results(results, [(0, text), (0, "small\n")], what="run_all (a child printing 1 MB, and a small one)")


async def test_stderr_is_not_in_the_result(exercise):
    command = child("import sys; print('to stdout'); sys.stdout.flush(); sys.stderr.write('ERR to stderr\\n')")
    results = await call_run_all(exercise, [command])
    if isinstance(results, list) and any("ERR to stderr" in str(r) for r in results):
        fail("run_all mixed the children's stderr into the result: only stdout belongs there.",
             f"run_all returned {results!r}.", hint="Do not pass stderr=asyncio.subprocess.STDOUT.")
    expect_equal(results, [(0, "to stdout\n")], what="run_all (a child writing to stdout and to stderr)")


STDERR_PROBE = r"""
import os, stat, sys
mine, ours, out = os.fstat(2), (int(sys.argv[1]), int(sys.argv[2])), os.fstat(1)
if (mine.st_dev, mine.st_ino) == ours:
    print("inherited")
elif (mine.st_dev, mine.st_ino) == (out.st_dev, out.st_ino):
    print("merged into stdout")
elif stat.S_ISFIFO(mine.st_mode):
    print("captured in a pipe")
elif stat.S_ISCHR(mine.st_mode):
    print("thrown away")
else:
    print("redirected somewhere else")
"""


async def test_stderr_is_left_to_the_children(exercise):
    ours = os.fstat(2)
    results = await call_run_all(exercise, [child(STDERR_PROBE, str(ours.st_dev), str(ours.st_ino))])
    where = {
        (0, "captured in a pipe\n"): "run_all captured the children's stderr (stderr=PIPE): leave it alone, so "
                                      "that their errors reach the terminal.",
        (0, "thrown away\n"): "run_all threw the children's stderr away (DEVNULL): leave it alone, so that their "
                               "errors reach the terminal.",
        (0, "merged into stdout\n"): "run_all mixed the children's stderr into their stdout: only stdout belongs "
                                      "in the result.",
    }
    expect_equal(results, [(0, "inherited\n")], what="run_all (a child reporting where its stderr goes)",
                 mistakes=[([wrong], headline) for wrong, headline in where.items()],
                 hint="Pass only stdout=asyncio.subprocess.PIPE; the children inherit stderr.")


async def test_a_command_that_cannot_start_gives_127(exercise, tmp_path):
    not_executable = tmp_path / "not_executable"
    not_executable.write_text("#!/bin/sh\necho hi\n")
    not_executable.chmod(0o644)
    commands = [[str(tmp_path / "no-such-program")], output("still runs\n"), [str(not_executable)], [str(tmp_path)]]
    try:
        results = await call_run_all(exercise, commands)
    except OSError as error:
        escaped = error
    else:
        escaped = None
    if escaped is not None:
        fail(f"run_all let {type(escaped).__name__} escape for a command that cannot start: it should give "
             "(127, \"\") for that command and run the others.", f"{type(escaped).__name__}: {escaped}",
             hint="Catch OSError (FileNotFoundError, PermissionError, ...) around create_subprocess_exec.")
    expect_results(results, [(127, ""), (0, "still runs\n"), (127, ""), (127, "")],
                 what="run_all (a missing program, a working one, a file that is not executable, a folder)")


async def test_arguments_are_passed_literally(exercise):
    tricky = ["a; echo hacked", "$HOME", "*", "it's", '"quoted"', "back\\slash", "", "two  spaces"]
    command = child("import sys; sys.stdout.buffer.write(repr(sys.argv[1:]).encode())", *tricky)
    results = await call_run_all(exercise, [command])
    expect_equal(results, [(0, repr(tricky))], what="run_all (a child printing the arguments it got)",
                 hint="Pass the argv list on as it is: create_subprocess_exec(*argv). No shell, no joining.")


async def test_no_commands(exercise):
    expect_equal(await call_run_all(exercise, []), [], what="run_all([])")
