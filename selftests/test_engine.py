"""The engine's two ways of starting a check give the same child, and the warm one keeps checks apart.

A probe appended to reference solutions records, the moment the learner's module is imported, what
a check's process looks like from inside: its process group, descriptors, signal dispositions and
mask, environment, folder, sys.path, command line, interpreter flags, limits, stdio, gc, warning
filters, the loader of the kata's plugin, and whether anything of another check is there. The same
files are checked by a spawned child and by a child forked from the warm parent: the records must
be equal, except the random numbers, which must differ from child to child.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from grader import catalog as catalog_module
from grader.engine import launch, runner, trust
from grader.results import ExerciseResult, Status
from selftests.conftest import ROOT

pytestmark = pytest.mark.skipif(launch.runner_kind(environ={}) != "fork", reason="the warm runner is Linux-only")

NAMES = ("greet", "await_chain", "say_after")
PROBE = '''
import asyncio as _asyncio, gc as _gc, json as _json, os as _os, random as _random, resource as _resource
import signal as _signal, sys as _sys, threading as _threading, warnings as _warnings


def _handler(handler):
    if handler in (_signal.SIG_DFL, _signal.SIG_IGN, None):
        return str(handler)
    return f"{getattr(handler, '__module__', '')}.{getattr(handler, '__qualname__', type(handler).__name__)}"


def _fd_kind(fd):
    target = _os.readlink(f"/proc/self/fd/{fd}")
    if target == _os.readlink("/proc/self/fd/1"):
        return "output"
    if target.startswith(("pipe:", "socket:", "anon_inode:")):
        return target.split(":")[0]
    return "/dev/null" if target == _os.devnull else "deleted file" if target.endswith("(deleted)") else "file"


_fds = sorted(int(fd) for fd in _os.listdir("/proc/self/fd"))
_state = {
    "own process group": _os.getpgid(0) == _os.getpid(), "own session": _os.getsid(0) == _os.getpid(),
    "signals": {str(n): _handler(_signal.getsignal(n)) for n in _signal.valid_signals()
                if n not in (_signal.SIGKILL, _signal.SIGSTOP)},
    "blocked signals": sorted(_signal.pthread_sigmask(_signal.SIG_BLOCK, [])),
    "environment": dict(_os.environ), "cwd": _os.getcwd(), "sys.path": list(_sys.path),
    "argv": list(_sys.argv), "orig_argv": list(_sys.orig_argv), "flags": repr(_sys.flags),
    "threads": [_threading.active_count(), len(_os.listdir("/proc/self/task"))],
    "RLIMIT_FSIZE": _resource.getrlimit(_resource.RLIMIT_FSIZE), "gc": [_gc.isenabled(), _gc.get_threshold()],
    "stdin": _os.readlink("/proc/self/fd/0"), "stdout is stderr": _os.path.samestat(_os.fstat(1), _os.fstat(2)),
    "__main__": [_sys.modules["__main__"].__file__, _sys.modules["__main__"].__spec__.name],
    "plugin loader": type(_sys.modules["grader.harness.plugin"].__loader__).__name__,
    "event loop policy": type(_asyncio.events._event_loop_policy).__name__,
    "warning filters": [repr(f) for f in _warnings.filters],
    "umask": (lambda old: (_os.umask(old), old)[1])(_os.umask(0o022)),
    "stdio": [sys.stdout.line_buffering, sys.stdout.encoding, sys.stderr.encoding] if (sys := _sys) else [],
    "descriptors": [[fd, _fd_kind(fd)] for fd in _fds if _os.path.exists(f"/proc/self/fd/{fd}")],
    "other exercises' modules": sorted(set(_sys.modules) & {"greet", "await_chain", "say_after"} - {__name__}),
    "asyncio changed by another check": hasattr(_asyncio, "kata_probe_mark"),
    "random": _random.random(),
}
_asyncio.kata_probe_mark = True  # a change the next check must not see
with open(_os.path.join(_os.environ["PROBE_STATE_DIR"], f"{__name__}.{_os.getpid()}.json"), "w") as _out:
    _json.dump(_state, _out)
'''


@pytest.fixture(scope="module")
def catalog():
    return catalog_module.load(ROOT)


def kata_of_solutions(folder: Path, catalog, added: Callable[[str], str]) -> Path:
    """The reference solutions of NAMES in `folder`, each followed by `added(name)`."""
    for name in NAMES:
        exercise = catalog.get(name)
        target = exercise.file_in(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(catalog.solution_file(exercise).read_text() + added(name))
    return folder


def probed_kata(folder: Path, catalog) -> Path:
    return kata_of_solutions(folder, catalog, lambda _name: "\n" + PROBE)


def probe_states(tmp_path: Path, kind: str, run) -> dict[str, dict]:
    """What the probes recorded when `run(runner)` checked them with a runner of `kind`."""
    states = tmp_path / f"states-{kind}"
    states.mkdir()
    os.environ["PROBE_STATE_DIR"] = str(states)
    try:
        with runner.Runner(graded=run.graded, kind=kind) as chosen:
            results = run(chosen)
            assert chosen.kind == kind
    finally:
        del os.environ["PROBE_STATE_DIR"]
    assert [r.status for r in results] == [Status.PASS] * len(NAMES), [r.message for r in results]
    recorded = [json.loads(path.read_text()) for path in sorted(states.iterdir())]
    assert len(recorded) == len(NAMES)
    return {path.name.split(".")[0]: state for path, state in zip(sorted(states.iterdir()), recorded, strict=True)}


def comparable(state: dict) -> dict:
    """A record without what differs by design from one child to the next (the private results file
    of plain runs, the random numbers) or from one test run to the next (where the probes write)."""
    state = dict(state)
    state.pop("random")
    state["environment"] = {k: v for k, v in state["environment"].items() if k != "PROBE_STATE_DIR"}
    for key in ("argv", "orig_argv"):
        args = list(state[key])
        if "--kata-report" in args:
            args[args.index("--kata-report") + 1] = "<results file>"
        state[key] = args
    return state


def test_a_forked_child_is_a_spawned_child(tmp_path, catalog):
    kata_dir = probed_kata(tmp_path / "kata", catalog)
    exercises = [catalog.get(name) for name in NAMES]

    def plain(chosen):
        return asyncio.run(runner.check_all(catalog, exercises, kata_dir, jobs=1, runner=chosen))

    plain.graded = False
    spawned, forked = (probe_states(tmp_path, kind, plain) for kind in ("spawn", "fork"))
    for name in NAMES:
        assert comparable(forked[name]) == comparable(spawned[name]), name
        assert forked[name]["own process group"] and forked[name]["own session"]
        assert forked[name]["threads"] == [1, 1]
        assert forked[name]["stdin"] == os.devnull
        assert forked[name]["sys.path"][1] == str(ROOT), "the check's folder first, as `python -m` has it"
    # Nothing of one check reaches the next, even one after the other from the same warm parent.
    assert all(not s["other exercises' modules"] and not s["asyncio changed by another check"]
               for s in forked.values())
    randoms = [s["random"] for s in (*forked.values(), *spawned.values())]
    assert len(set(randoms)) == len(randoms), "each child draws its own random numbers"


def in_own_copy(state: dict) -> dict:
    """A graded record with the check's own copy (a fresh folder each time) named the same way."""
    return json.loads(json.dumps(state).replace(state["cwd"], "<own copy>"))


def test_a_forked_graded_child_is_a_spawned_graded_child(tmp_path, catalog):
    """Graded runs: a copy of its own, safe path, and the results and key descriptors handed over."""
    private = tmp_path / "private"
    prepared = trust.prepare(private, pristine_dir=ROOT, graded=None)
    work = private / "work"
    kata_dir = probed_kata(work / catalog_module.EXERCISES, catalog)
    checks = [runner.Check(catalog.get(name), kata_dir, prepared.sealed) for name in NAMES]

    def graded(chosen):
        return asyncio.run(runner.check_many(prepared.sealed.root, checks, jobs=1, runner=chosen))

    graded.graded = True
    spawned, forked = (probe_states(tmp_path, kind, graded) for kind in ("spawn", "fork"))
    for name in NAMES:
        for state in (forked[name], spawned[name]):
            # Nothing it sees (its folder, command line, environment, sys.path) names the grader's copy
            # of the kata or where the learner's file was staged.
            leaks = [key for key, value in state.items() if str(private) in json.dumps(value)]
            assert not leaks, {key: state[key] for key in leaks}
            assert not os.path.exists(state["cwd"]), "its copy is removed once it ended"
        fork_state, spawn_state = comparable(in_own_copy(forked[name])), comparable(in_own_copy(spawned[name]))
        # The results descriptor keeps the number it had in the process that passed it on.
        assert Counter(kind for _, kind in fork_state.pop("descriptors")) == \
            Counter(kind for _, kind in spawn_state.pop("descriptors"))
        assert fork_state == spawn_state, name
        assert forked[name]["environment"]["PYTHONSAFEPATH"] == "1"
        assert not {"KATA_REPORT_FD", "KATA_KEY_FD"} & set(forked[name]["environment"]), "taken by the plugin"


SLOW_IMPORT = "import time\ntime.sleep(30)\n"


def test_when_the_warm_parent_dies_its_checks_are_grader_errors_and_later_ones_are_spawned(tmp_path, catalog):
    kata_dir = kata_of_solutions(tmp_path / "kata", catalog, lambda name: SLOW_IMPORT if name == "greet" else "")

    with runner.Runner(graded=False, kind="fork") as chosen:
        async def kill_the_parent_meanwhile():
            checking = asyncio.ensure_future(runner.check_all(catalog, [catalog.get("greet")], kata_dir,
                                                              runner=chosen))
            while not chosen.launcher.pending:
                await asyncio.sleep(0.05)
            [pending] = chosen.launcher.pending.values()
            pid = await pending.started
            await asyncio.sleep(0.5)
            os.kill(chosen.launcher.process.pid, signal.SIGKILL)
            return pid, await checking

        pid, [lost] = asyncio.run(kill_the_parent_meanwhile())
        assert ended(pid), "its orphaned child was ended too"
        assert lost.status is Status.GRADER_ERROR and lost.score == 0
        assert "warm parent ended (killed by signal SIGKILL)" in lost.message
        assert "not a problem with your code" in lost.message and "os._exit" not in lost.message
        assert chosen.kind == "spawn"
        later = asyncio.run(runner.check_all(catalog, [catalog.get(n) for n in NAMES[1:]], kata_dir, runner=chosen))
        assert [r.status for r in later] == [Status.PASS, Status.PASS], [r.message for r in later]


def test_a_stuck_warm_parent_is_abandoned_and_its_children_ended(tmp_path, catalog, monkeypatch):
    """A parent that stops answering (here: stopped with SIGSTOP) cannot hold up the grader."""
    monkeypatch.setattr(launch, "ANSWER_TIMEOUT", 2.0)
    monkeypatch.setattr(runner, "EXERCISE_TIMEOUT", {"virtual": 4.0, "real": 4.0})
    kata_dir = kata_of_solutions(tmp_path / "kata", catalog,
                                 lambda name: "import time\ntime.sleep(60)\n" if name == "greet" else "")
    with runner.Runner(graded=False, kind="fork") as chosen:
        async def stop_the_parent_meanwhile():
            checking = asyncio.ensure_future(runner.check_all(catalog, [catalog.get("greet")], kata_dir,
                                                              runner=chosen))
            while not chosen.launcher.pending:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            [pending] = chosen.launcher.pending.values()
            pid = await pending.started
            os.kill(chosen.launcher.process.pid, signal.SIGSTOP)
            return pid, await checking

        pid, [stuck] = asyncio.run(stop_the_parent_meanwhile())
        assert stuck.status is Status.GRADER_ERROR and "stopped answering" in stuck.message, stuck.message
        assert chosen.kind == "spawn" and chosen.launcher.process.returncode == -signal.SIGKILL
        assert ended(pid), "the child was ended with its parent"
        later = asyncio.run(runner.check_all(catalog, [catalog.get(n) for n in NAMES[1:]], kata_dir, runner=chosen))
        assert [r.status for r in later] == [Status.PASS, Status.PASS], [r.message for r in later]


def ended(pid: int, within: float = 10.0) -> bool:
    """Gone, or a zombie waiting for a reaper that is not ours: either way it no longer runs."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z"):
                return True
        except (FileNotFoundError, ProcessLookupError):
            return True
        time.sleep(0.05)
    return False


def test_runner_kind():
    assert launch.runner_kind(environ={"KATA_RUNNER": "spawn"}) == "spawn"
    assert launch.runner_kind(environ={"KATA_RUNNER": "fork"}) == "fork"
    assert launch.runner_kind(1, environ={"KATA_RUNNER": "fork"}) == "fork", "the override wins"
    assert launch.runner_kind(1, environ={}) == "spawn", "one check: no warm parent to pay for"
    assert launch.runner_kind(2, environ={}) == ("fork" if sys.platform.startswith("linux") else "spawn")


def test_real_clock_checks_start_first_and_run_on_top_of_the_computing_ones(tmp_path, catalog, monkeypatch):
    started, running, most = [], Counter(), Counter()

    async def fake_run_plain(root, exercise, kata_dir, *, runner):
        started.append(exercise)
        running[exercise.clock] += 1
        most[exercise.clock] = max(most[exercise.clock], running[exercise.clock])
        await asyncio.sleep(0.02 if exercise.clock == "real" else 0.005)
        running[exercise.clock] -= 1
        return ExerciseResult(exercise, Status.PASS)

    monkeypatch.setattr(runner, "run_plain", fake_run_plain)
    exercises = list(catalog.exercises)
    with runner.Runner(graded=False, kind="spawn") as chosen:
        results = asyncio.run(runner.check_all(catalog, exercises, tmp_path, jobs=1, runner=chosen))
    waiting = runner.WAITING_PER_JOB
    assert all(e.clock == "real" for e in started[:waiting]), "real-clock checks are the first to start"
    assert [e for e in started if e.clock == "real"] == [e for e in exercises if e.clock == "real"]
    assert most == {"real": waiting, "virtual": 1}, "jobs=1: one computing check, and waiting ones on top"
    assert [r.exercise for r in results] == exercises, "results in the order asked for"
