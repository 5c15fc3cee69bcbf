"""Starting a check's child process: forked from a warm parent, or spawned as a fresh interpreter.

Both give the same child (grader.engine.child's main() running pytest with the check's arguments)
in a process group of its own, with stdin from /dev/null, stdout and stderr into the check's output
file, the check's environment and folder, and only the descriptors the check passes. Everything
after the start (the time bound, ending the process group, reading the results, the verdict) is
shared code in grader.engine.runner.

- `Spawner`: a fresh `python -m grader.engine.child` per check. Works everywhere; the fallback.
- `WarmParent`: forks each child from a parent that has already imported pytest and the harness
  (grader.engine.zygote). The default on Linux (`runner_kind`). When the parent does not come up,
  refuses to fork, ends or stops answering, it is abandoned: the checks it was running are lost
  (grader errors), and this check and every later one are spawned instead.

`KATA_RUNNER=spawn` or `KATA_RUNNER=fork` overrides the choice (the self-tests run both).
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from grader.engine import zygote

CHILD_MODULE = "grader.engine.child"
# How long a warm parent may take to import everything before its checks are spawned instead, and
# to answer a request (fork a child, report a killed one) before it counts as stuck.
WARM_START_TIMEOUT = 60.0
ANSWER_TIMEOUT = 20.0


def runner_kind(checks: int | None = None, environ: Mapping[str, str] | None = None) -> str:
    """"fork" where forking a warm parent is safe and possible (Linux), else "spawn".

    macOS is left out on purpose: after some system frameworks are loaded, a forked child that does
    not exec may crash (CPython's multiprocessing defaults to spawn there for the same reason), and
    the warm parent imports ssl, sockets and more. Windows has no fork. For a known number of
    `checks`, a single one is spawned: a warm parent's imports cost what a spawned child's do, so it
    only pays for itself from the second check on. $KATA_RUNNER (spawn or fork) overrides all that.
    """
    chosen = (environ if environ is not None else os.environ).get("KATA_RUNNER", "").strip().lower()
    if chosen in ("spawn", "fork"):
        return chosen if chosen == "spawn" or _fork_possible() else "spawn"
    if checks is not None and checks < 2:
        return "spawn"
    return "fork" if sys.platform.startswith("linux") and _fork_possible() else "spawn"


def _fork_possible() -> bool:
    return hasattr(os, "fork") and hasattr(socket, "SOCK_SEQPACKET") and hasattr(socket, "send_fds") \
        and hasattr(os, "waitid")


@dataclass
class Launch:
    """One child to start: pytest's arguments, folder and environment, and what it is handed."""

    args: list[str]
    cwd: Path
    env: dict[str, str]
    output: int  # descriptor of the output file: the child's stdout and stderr
    fds: dict[str, int] = field(default_factory=dict)  # environment variable -> descriptor for the child


class ChildLost(Exception):
    """The grader lost track of a child it started (its warm parent ended); the message says how."""


class Child(Protocol):
    pid: int

    async def wait(self) -> int:
        """The exit code once the child ended (negative: the signal that ended it)."""
        ...

    def kill(self) -> None:
        """End the child and everything in its process group."""
        ...


class Launcher(Protocol):
    kind: str

    async def start(self, launch: Launch) -> Child: ...

    def close(self) -> None: ...


# --- Spawning ----------------------------------------------------------------------------------

class SpawnedChild:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pid = process.pid

    async def wait(self) -> int:
        return await self.process.wait()

    def kill(self) -> None:
        kill_group(self.pid, alive=self.process.returncode is None)


class Spawner:
    """A fresh interpreter per check."""

    kind = "spawn"

    async def start(self, launch: Launch) -> SpawnedChild:
        env = {**launch.env, **{name: str(fd) for name, fd in launch.fds.items()}}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", CHILD_MODULE, *launch.args, cwd=launch.cwd, env=env,
            pass_fds=tuple(launch.fds.values()), stdin=asyncio.subprocess.DEVNULL, stdout=launch.output,
            stderr=launch.output, start_new_session=True,  # its own process group, so we can end all it started
        )
        return SpawnedChild(process)

    def close(self) -> None:
        pass


def kill_group(pid: int, *, alive: bool = True) -> None:
    """End a child and anything it left running (servers, subprocesses, sleepers)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        elif alive:
            os.kill(pid, signal.SIGTERM)  # Windows has no process groups to end
    except (ProcessLookupError, PermissionError, OSError):
        pass


# --- Forking from a warm parent ----------------------------------------------------------------

class Unavailable(Exception):
    """The warm parent cannot start this check; it is spawned instead."""


class ForkedChild:
    def __init__(self, parent: WarmParent, request: int, pid: int, ended: asyncio.Future[int]) -> None:
        self.parent = parent
        self.request = request
        self.pid = pid
        self.ended = ended
        self.killed = False

    async def wait(self) -> int:
        if not self.killed:
            return await asyncio.shield(self.ended)  # a timeout around wait() must not cancel the outcome
        try:
            return await asyncio.wait_for(asyncio.shield(self.ended), ANSWER_TIMEOUT)
        except TimeoutError:
            # A parent that does not report a killed child is stuck (stopped, say): end the child's
            # group ourselves, and give up on the parent.
            kill_group(self.pid)
            self.parent.abandon(f"the warm parent stopped answering (it did not report process {self.pid})")
            raise ChildLost(self.parent.failed) from None

    def kill(self) -> None:
        self.killed = True
        if self.ended.done() and self.ended.exception() is None:
            return  # the parent reaped it, and ended its group first
        if self.ended.done() or not self.parent.send({"op": "kill", "id": self.request}):
            kill_group(self.pid)  # the parent is gone: end the group ourselves


@dataclass
class _Pending:
    started: asyncio.Future[int]
    ended: asyncio.Future[int]


class WarmParent:
    """The grader's side of a warm parent (grader.engine.zygote): started at once, ended by close()."""

    kind = "fork"

    def __init__(self, env: Mapping[str, str], plugins: tuple[str, ...]) -> None:
        self.env = dict(env)
        self.plugins = plugins
        self.fallback = Spawner()
        self.failed = ""  # why the warm parent is not used (any more); then every check is spawned
        self.process: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.ready: asyncio.Future[None] | None = None
        self.is_ready = False
        self.pending: dict[int, _Pending] = {}
        self.next_request = 0
        self.reading: asyncio.AbstractEventLoop | None = None
        self._boot()

    # --- life ------------------------------------------------------------------------------------

    def _boot(self) -> None:
        """Start the warm parent; it imports in the background while the grader goes on."""
        # An empty private folder: the parent's sys.path[0] while it imports (no learner file there).
        self.folder = tempfile.TemporaryDirectory(prefix="kata-warm-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        log = open(Path(self.folder.name) / "warm.log", "wb")  # noqa: SIM115 - handed to the process
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", CHILD_MODULE, "--warm", str(theirs.fileno()), *self.plugins],
                cwd=self.folder.name, env=self.env, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=log, stderr=log, start_new_session=True,  # no terminal signals: it ends when we do
            )
        except OSError as error:
            self.failed = f"the warm parent could not start: {error}"
            ours.close()
        else:
            self.sock = ours
            self.sock.setblocking(False)
        finally:
            theirs.close()
            log.close()

    def close(self) -> None:
        """End the warm parent: it ends any child still running, then exits."""
        self._disconnect(grace=10.0)
        self._lose_all("the warm parent was closed")
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None

    def abandon(self, cause: str) -> None:
        """Stop using the warm parent: end it, fail what waits on it, spawn from now on."""
        self.failed = self.failed or cause
        self._disconnect(grace=0.0)
        self._lose_all(self.failed)

    def _disconnect(self, grace: float) -> None:
        """Close our end (the parent then ends its children and exits) and reap it, killing it after `grace`."""
        self._stop_reading()
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.process is not None and self.process.returncode is None:
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _lose_all(self, cause: str) -> None:
        """Every check still waiting on the parent learns that it is gone."""
        if self.ready is not None:
            _fail(self.ready, Unavailable(cause))
        for pending in self.pending.values():
            _fail(pending.started, Unavailable(cause))
            _fail(pending.ended, ChildLost(cause))
        self.pending.clear()

    def log_tail(self) -> str:
        try:
            text = (Path(self.folder.name) / "warm.log").read_text(errors="replace") if self.folder else ""
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-8:])

    # --- starting a check ------------------------------------------------------------------------

    async def start(self, launch: Launch) -> SpawnedChild | ForkedChild:
        if not self.failed:
            try:
                return await self._fork(launch)
            except Unavailable as why:
                self.abandon(str(why))
        return await self.fallback.start(launch)

    async def _fork(self, launch: Launch) -> ForkedChild:
        loop = asyncio.get_running_loop()
        self._read_on(loop)
        await self._until_ready(loop)
        self.next_request += 1
        request = self.next_request
        pending = _Pending(loop.create_future(), loop.create_future())
        self.pending[request] = pending
        # The working folder goes as a descriptor: the warm parent, which every later child is forked
        # from, never holds the path of a check's folder.
        message = {"op": "start", "id": request, "args": launch.args, "env": launch.env, "fds": list(launch.fds)}
        try:
            folder = os.open(launch.cwd, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            raise Unavailable(f"the check's folder cannot be opened: {error}") from None
        try:
            sent = self.send(message, [launch.output, folder, *launch.fds.values()])
        finally:
            os.close(folder)
        if not sent:
            raise Unavailable(f"the warm parent is gone{self._cause()}")
        try:
            pid = await asyncio.wait_for(asyncio.shield(pending.started), ANSWER_TIMEOUT)
        except TimeoutError:
            raise Unavailable("the warm parent stopped answering") from None
        return ForkedChild(self, request, pid, pending.ended)

    async def _until_ready(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.is_ready:
            return
        if self.ready is None or self.ready.get_loop() is not loop:
            self.ready = loop.create_future()
        try:
            await asyncio.wait_for(asyncio.shield(self.ready), WARM_START_TIMEOUT)
        except TimeoutError:
            raise Unavailable(f"the warm parent was not ready within {WARM_START_TIMEOUT:g} s") from None

    def send(self, message: dict, fds: list[int] | None = None) -> bool:
        if self.sock is None:
            return False
        try:
            self.sock.settimeout(ANSWER_TIMEOUT)  # a request is small: only a stuck parent makes it wait
            socket.send_fds(self.sock, [zygote.encode(message)], fds or [])
            return True
        except OSError:
            return False
        finally:
            if self.sock is not None:
                self.sock.setblocking(False)

    # --- answers ---------------------------------------------------------------------------------

    def _read_on(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read the parent's answers in this event loop (each asyncio.run has its own)."""
        if self.reading is loop or self.sock is None:
            return
        self._stop_reading()
        loop.add_reader(self.sock, self._readable)
        self.reading = loop

    def _stop_reading(self) -> None:
        if self.reading is not None and not self.reading.is_closed() and self.sock is not None:
            self.reading.remove_reader(self.sock)
        self.reading = None

    def _readable(self) -> None:
        while self.sock is not None:
            try:
                data = self.sock.recv(zygote.ANSWER_BYTES)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self.abandon(f"the warm parent ended{self._cause()}")
                return
            self._answer(json.loads(data))

    def _answer(self, message: dict) -> None:
        if "ready" in message:
            self.is_ready = True
            if self.ready is not None and not self.ready.done():
                self.ready.set_result(None)
            return
        pending = self.pending.get(message["id"])
        if pending is None:
            return
        if "pid" in message and not pending.started.done():
            pending.started.set_result(message["pid"])
        elif "exit" in message:
            self.pending.pop(message["id"])
            if not pending.ended.done():
                pending.ended.set_result(message["exit"])
        elif "refused" in message:
            self.pending.pop(message["id"])
            _fail(pending.started, Unavailable(f"the warm parent refused: {message['refused']}"))

    def _cause(self) -> str:
        if self.process is not None and self.process.returncode is None:
            try:
                self.process.wait(timeout=5)  # it is going: let its exit status tell how
            except subprocess.TimeoutExpired:
                pass
        code = self.process.returncode if self.process is not None else None
        how = "" if code is None else (f" (killed by signal {signal.Signals(-code).name})" if code < 0
                                       else f" (exit code {code})")
        tail = self.log_tail()
        return how + (f"; its last words:\n{tail}" if tail else "")


def _fail(future: asyncio.Future, error: Exception) -> None:
    """Fail a future that may have no one waiting for it any more, without a warning at exit."""
    if not future.done() and not future.get_loop().is_closed():
        future.set_exception(error)
        future.exception()  # marks it retrieved; whoever awaits it still gets the error


def launcher(kind: str, *, env: Mapping[str, str], plugins: tuple[str, ...]) -> Launcher:
    """A warm parent (started now, with `env` and the pytest `plugins` to preload), or a spawner."""
    return WarmParent(env, plugins) if kind == "fork" else Spawner()
