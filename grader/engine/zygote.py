"""The warm parent: a process that imports pytest and the kata's harness once, then forks one child per check.

Starting an interpreter and importing pytest, its plugins, asyncio, aiohttp and the harness costs far
more than running a virtual-clock suite. The warm parent pays that once per command (once per watch
session): the grader starts it as `python -m grader.engine.child --warm FD`, with the environment of
a spawned child (grader.engine.environment), and asks it through a socket to fork a child for each
check. The child then runs exactly what a spawned child runs: grader.engine.child's main(), a fresh
`pytest.main()` on the check's arguments. Learner code is never imported here, only in a child.

Only Linux uses it (grader.engine.launch.runner_kind): macOS forbids touching most system
frameworks in a forked child that did not exec, and Windows has no fork.

# What a forked child inherits, and how it is made a fresh check

- **Threads.** fork copies only the calling thread; locks held by others stay locked forever. The
  warm parent never starts a thread (nothing it imports does), and checks it before every fork:
  with a second thread it refuses, and the grader spawns that check instead.
- **Imported modules.** Everything preloaded is in its just-imported state: nothing in the parent
  ever runs a test, creates an event loop or the event loop policy, activates blockbuster or looptime
  (both only patch when a test asks), or imports a learner module, a suite or a conftest. Each child
  is forked from that same state, so nothing one check changes (a patched module, a loop, a learner
  module in sys.modules) can reach another. The kata's own pytest plugins (grader.harness.plugin,
  grader.harness.sealed) are left for pytest to import in the child, where its assertion rewriter
  takes them exactly as in a spawned child; everything they import is preloaded. The learner's
  folder is never on sys.path here: the parent starts in an empty private folder, or in safe-path
  mode for graded runs, and a child puts its check's folder first, as `python -m` does.
- **Descriptors.** The child closes everything it did not get for its check (the parent's socket,
  its wake-up pipe, its selector: closed through their Python objects, so nothing closes a reused
  number later), then stdin is /dev/null and stdout and stderr are the check's output file. The
  descriptors a graded check passes (results file, key pipe) arrive with the request (SCM_RIGHTS)
  and are the only others left open, with one exception: a descriptor a preloaded module holds
  stays open, as a spawned child's own copy of the module would hold one (there is none today; the
  parent's log names any).
- **Process group and signals.** The child calls setsid() (its own session and process group, so
  the grader can end everything it starts), restores every signal disposition the parent had at
  start-up (the parent only adds a SIGCHLD handler and a wake-up fd), and unblocks all signals.
- **Environment, folder, arguments.** os.environ is replaced by the check's environment, the
  working folder is the check's (handed over as a descriptor: the parent never holds the path of a
  check's folder, so no child can find another's in the memory it inherits), sys.argv and
  sys.orig_argv read as a spawned child's would. The import system's directory caches are kept:
  they are keyed by each folder's mtime, and the folders a check adds to sys.path were never listed
  by the parent.
- **Randomness.** `random` reseeds itself in a forked child (os.register_at_fork); the child reseeds
  it again, gives multiprocessing a fresh authentication key if it was imported, and secrets and
  tempfile draw from the OS. What fork cannot renew: str hashes use the parent's hash seed (random
  per warm parent, as it is per interpreter).
- **Memory and gc.** The parent freezes its objects (gc.freeze) before serving, so collections in a
  child, which the harness runs after every test, skip the thousands of preloaded objects instead of
  touching (and copying) every page of them. gc.get_objects() in a child does not list them.
- **Logging, stdio, warnings.** The parent configures no logging handler, never writes to stdout and
  flushes stderr before forking; the preloaded modules add no warning filter. pytest's own
  faulthandler, capture and warning handling are set up by the child's pytest session.
- **Limits and exit.** The child sets the same resource limits as a spawned child (child.main), and
  ends through the normal interpreter shutdown (atexit, thread joins, flushing), as a spawned one.
- **Differences that remain:** os.getppid() is the warm parent, sys.modules holds more modules
  (aiohttp even for a suite that does not use it), and the str hash seed is shared by the children
  of one warm parent.

# The socket

A SOCK_SEQPACKET socket pair (message boundaries kept, end of file when the grader goes away):
    grader -> parent  {"op": "start", "id": N, "args": [...], "env": {...}, "fds": [NAME, ...]}
                      with the output file first, then the working folder, then one descriptor per
                      name, as SCM_RIGHTS
                      {"op": "kill", "id": N}     end the child's process group now
    parent -> grader  {"ready": PID}              preloaded, serving
                      {"id": N, "pid": PID}       forked
                      {"id": N, "exit": CODE}     ended (negative: killed by that signal), group ended
                      {"id": N, "refused": WHY}   not forked: the grader spawns this check instead
When the grader's end closes, the parent ends every child's process group and exits.
"""
from __future__ import annotations

import gc
import importlib
import json
import os
import random
import selectors
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

MESSAGE_BYTES = 1 << 20  # a request is a few kilobytes (the environment); this is a generous bound
ANSWER_BYTES = 4096
MAX_FDS = 8

# What a child runs, imported once here. Plugins are named by their pytest11 entry points (the
# names grader.engine.runner passes with -p), so they are loaded the way pytest itself loads them.
PRELOADED_MODULES = (
    "asyncio", "concurrent.futures", "pytest", "aiohttp", "aioresponses", "blockbuster", "looptime",
    "grader.catalog", "grader.harness", "grader.harness.http", "grader.harness.loading", "grader.harness.report",
    # What every pytest session of a check imports as it runs: the debugging plugin's pdb (not
    # readline, which pdb only imports for an actual debugger, and which may write to a terminal),
    # blockbuster's sqlite3, the catalog's tomllib, faulthandler (imported, not enabled).
    "pdb", "sqlite3", "tomllib", "hmac", "faulthandler",
)


@dataclass
class Job:
    """What one forked child must run."""

    args: list[str]
    env: dict[str, str]
    fds: dict[str, int]  # environment variable -> descriptor passed for it


def encode(message: dict) -> bytes:
    return json.dumps(message).encode()


# --- Preloading --------------------------------------------------------------------------------

def preload(plugins: list[str]) -> list[str]:
    """Import what every check needs; what fails to import is left for the child to report."""
    problems = []
    for name in PRELOADED_MODULES:
        try:
            importlib.import_module(name)
        except Exception as error:  # a broken install: the child's own pytest run says what is wrong
            problems.append(f"{name}: {error!r}")
    try:
        import _pytest.config

        for name in _pytest.config.default_plugins:
            importlib.import_module(f"_pytest.{name}")
        problems += _load_entry_points(plugins)
    except Exception as error:
        problems.append(f"pytest plugins: {error!r}")
    return problems


def _load_entry_points(plugins: list[str]) -> list[str]:
    from importlib.metadata import entry_points

    problems = []
    found = {entry.name: entry for entry in entry_points(group="pytest11")}
    for name in plugins:
        if name in found:
            try:
                found[name].load()
            except Exception as error:
                problems.append(f"plugin {name}: {error!r}")
    return problems


# --- Serving -----------------------------------------------------------------------------------

class Parent:
    """The warm parent's state: its socket to the grader, and the children it forked."""

    def __init__(self, fd: int, signals_at_start: dict[int, object]) -> None:
        self.sock = socket.socket(fileno=fd)
        self.signals_at_start = signals_at_start
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        self.selector = selectors.DefaultSelector()
        self.children: dict[int, int] = {}  # pid -> request id
        self.preloaded_fds: set[int] = set()

    def serve(self) -> Job | None:
        """Answer the grader until it goes away (None); in a forked child, return its job."""
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the selector
        self.selector.register(self.sock, selectors.EVENT_READ)
        self.selector.register(self.wake_read, selectors.EVENT_READ)
        # Descriptors a preloaded module holds open stay open in the children (a spawned child's module
        # would hold its own), so that no Python object there closes a number reused since.
        ours = {0, 1, 2, self.sock.fileno(), self.wake_read, self.wake_write, self.selector.fileno()}
        self.preloaded_fds = _open_fds() - ours
        if self.preloaded_fds:
            print(f"kata warm runner: preloaded modules hold descriptors {sorted(self.preloaded_fds)}", file=sys.stderr)
        gc.collect()
        gc.freeze()
        self._send({"ready": os.getpid()})
        while True:
            for key, _ in self.selector.select():
                if key.fileobj is self.sock:
                    message, fds = self._receive()
                    if message is None:
                        self._end_all()
                        return None
                    job = self._handle(message, fds)
                    if job is not None:
                        return job  # in the child
                else:
                    self._drain_wakeups()
                    self._reap()

    def _receive(self) -> tuple[dict | None, list[int]]:
        try:
            data, fds, _flags, _address = socket.recv_fds(self.sock, MESSAGE_BYTES, MAX_FDS)
        except (ConnectionError, OSError):
            return None, []
        if not data:
            return None, []
        return json.loads(data), fds

    def _send(self, message: dict) -> None:
        try:
            self.sock.sendall(encode(message))
        except OSError:
            pass  # the grader is gone: the next receive sees the end

    def _handle(self, message: dict, fds: list[int]) -> Job | None:
        if message.get("op") == "kill":
            pid = next((p for p, i in self.children.items() if i == message["id"]), None)
            if pid is not None:
                _kill_group(pid)
            return None
        request = message["id"]
        refusal = _why_not_fork()
        if refusal or len(fds) != len(message["fds"]) + 2:
            for fd in fds:
                os.close(fd)
            self._send({"id": request, "refused": refusal or "descriptors missing"})
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as error:
            for fd in fds:
                os.close(fd)
            self._send({"id": request, "refused": f"fork failed: {error}"})
            return None
        if pid == 0:
            return self._become_child(message, fds)
        for fd in fds:
            os.close(fd)
        self.children[pid] = request
        self._send({"id": request, "pid": pid})
        return None

    def _drain_wakeups(self) -> None:
        try:
            while os.read(self.wake_read, 512):
                pass
        except BlockingIOError:
            pass

    def _reap(self) -> None:
        """Report every child that ended, after ending what is left of its process group.

        waitid(WNOWAIT) sees the end without reaping, so the child's pid (its group's id) cannot be
        reused while the rest of its group is killed; then it is reaped."""
        while self.children:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or not info.si_pid:
                return
            _kill_group(info.si_pid)
            _, status = os.waitpid(info.si_pid, 0)
            request = self.children.pop(info.si_pid, None)
            if request is not None:
                self._send({"id": request, "exit": os.waitstatus_to_exitcode(status)})

    def _end_all(self) -> None:
        for pid in list(self.children):
            _kill_group(pid)
        for pid in list(self.children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.children.clear()

    # --- In the forked child -------------------------------------------------------------------

    def _become_child(self, message: dict, fds: list[int]) -> Job:
        os.setsid()
        # Closing only drops this process's copies: the selector does not unregister anything from the
        # epoll instance it shares with the parent, and the socket is not shut down.
        self.selector.close()
        self.sock.close()
        signal.set_wakeup_fd(-1)
        os.close(self.wake_read)
        os.close(self.wake_write)
        output, folder, passed = fds[0], fds[1], dict(zip(message["fds"], fds[2:], strict=True))
        os.fchdir(folder)
        os.close(folder)
        _standard_streams(output)
        keep = set(passed.values())
        for fd in keep:
            os.set_inheritable(fd, True)  # as subprocess's pass_fds leaves them
        _close_all_but(keep | self.preloaded_fds)
        _restore_signals(self.signals_at_start)
        job = Job(args=list(message["args"]), env=dict(message["env"]), fds=passed)
        _take_place(job)
        _renew_randomness()
        return job


def _why_not_fork() -> str:
    """Empty when forking is safe: one thread only, as the operating system sees it too."""
    threads = threading.active_count()
    tasks = Path("/proc/self/task")
    if tasks.is_dir():
        threads = max(threads, len(list(tasks.iterdir())))
    return f"the warm parent has {threads} threads" if threads > 1 else ""


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _signal_dispositions() -> dict[int, object]:
    saved: dict[int, object] = {}
    for number in signal.valid_signals():
        try:
            handler = signal.getsignal(number)
        except (OSError, ValueError):
            continue
        if handler is not None:
            saved[number] = handler
    return saved


def _restore_signals(saved: dict[int, object]) -> None:
    for number, handler in saved.items():
        if signal.getsignal(number) is not handler:
            try:
                signal.signal(number, handler)  # type: ignore[arg-type]
            except (OSError, ValueError):
                pass
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _standard_streams(output: int) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)


def _close_all_but(keep: set[int]) -> None:
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())


def _open_fds() -> set[int]:
    found = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            os.fstat(int(name))  # the listing's own descriptor is closed by now
        except OSError:
            continue
        found.add(int(name))
    return found


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 1 << 16


def _take_place(job: Job) -> None:
    """The check's environment, sys.path[0] and command line, as `python -m` would set them (the
    working folder is already the check's)."""
    os.environ.clear()
    os.environ.update(job.env)
    os.environ.update({name: str(fd) for name, fd in job.fds.items()})
    if not sys.flags.safe_path and sys.path:
        sys.path[0] = os.getcwd()
    sys.argv = [sys.argv[0], *job.args]
    sys.orig_argv = [*sys.orig_argv[: sys.orig_argv.index("--warm")], *job.args]
    # The import system's directory caches need no reset: they are keyed by each folder's mtime, and
    # the folders a check adds to sys.path (the suite's, the learner's) were never listed here.


def _renew_randomness() -> None:
    random.seed()
    process = sys.modules.get("multiprocessing.process")
    if process is not None:
        process.current_process().authkey = os.urandom(32)


def run(fd: int, plugins: list[str]) -> Job | None:
    """The warm parent's life: preload, then serve. Returns a job only in a forked child."""
    signals_at_start = _signal_dispositions()
    problems = preload(plugins)
    for problem in problems:
        print(f"kata warm runner: not preloaded: {problem}", file=sys.stderr)
    return Parent(fd, signals_at_start).serve()
