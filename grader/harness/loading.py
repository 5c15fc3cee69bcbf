"""Loading the learner's module, fresh, with the blocking-call detector already watching it.

blockbuster replaces `time.sleep` and friends in their modules, so a learner's `from time import
sleep` only picks up the watched version if blockbuster is active before the module is executed.
The module is registered under its plain name (e.g. `cpu_in_processes`) and its folder is appended
to sys.path, so worker processes started with "spawn" can import it again to find its functions.
Appending (not prepending) keeps a learner's stray `asyncio.py` from shadowing the standard library.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from blockbuster import BlockBuster

# An executor's own start-up and shut-down block briefly (writing to its wake-up pipe, registering
# semaphores, joining its threads): `with ProcessPoolExecutor() as pool:` is correct code, so that
# is not reported. A blocking wait for results (`future.result()`, `pool.map`) still is.
POOL_HOUSEKEEPING = [
    ("concurrent/futures/process.py", {"__init__", "submit", "shutdown"}),
    ("concurrent/futures/thread.py", {"shutdown"}),
]
# pytest-timeout's signal handler runs in whatever frame was running, an endless loop in the learner's
# code say, and prints its banner (and other threads' stacks) to the terminal before it fails the test.
# That write is the harness's, not the learner's: reporting it would name a blocking write instead of
# the endless loop. The same goes for the plugin's last stop of a test that outlives every alarm.
TIMEOUT_REPORT = [("pytest_timeout.py", {"timeout_sigalrm"}), ("grader/harness/plugin.py", {"_end_the_run"})]


class LearnerCodeError(Exception):
    """The learner's module could not be loaded; the message says why in a learner's words."""


@contextmanager
def watching_for_blocking_calls(path: Path) -> Iterator[BlockBuster]:
    """blockbuster, scanned to one file: only calls made from that file's code are reported."""
    # BlockBuster resolves modules to paths; a stand-in module with __file__ set lets us name the
    # file before the module exists (it must be watched *before* it is imported).
    stand_in = types.ModuleType(path.stem)
    stand_in.__file__ = str(path)
    buster = BlockBuster(scanned_modules=[stand_in])
    for function in buster.functions.values():
        for filename, methods in POOL_HOUSEKEEPING + TIMEOUT_REPORT:
            function.can_block_in(filename, methods)
    buster.activate()
    try:
        yield buster
    finally:
        buster.deactivate()


def load_module(path: Path, display: str) -> types.ModuleType:
    """Execute the learner's file as a fresh module; explain any failure with LearnerCodeError."""
    if not path.is_file():
        raise LearnerCodeError(f"{display} does not exist. (`kata reset` restores an exercise file.)")
    name = path.stem
    sys.modules.pop(name, None)
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.append(folder)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # a name that does not end in .py
        raise LearnerCodeError(f"{display} is not a Python file.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        sys.modules.pop(name, None)
        line = (error.text or "").rstrip()
        raise LearnerCodeError(
            f"{display} has a syntax error on line {error.lineno}: {error.msg}.\n"
            f"    {line}\nFix it and run the check again."
        ) from None
    except SystemExit as error:
        sys.modules.pop(name, None)
        raise LearnerCodeError(
            f"{display} called sys.exit({error.code!r}) while being imported. "
            "An exercise module must not end the program."
        ) from None
    except BaseException as error:
        sys.modules.pop(name, None)
        where = _last_frame_in(error, path)
        raise LearnerCodeError(
            f"{display} raised {type(error).__name__} while being imported"
            f"{f' (line {where})' if where else ''}: {error}\n"
            "Code at the top level of the file runs on import; keep it to definitions."
        ) from None
    return module


def _last_frame_in(error: BaseException, path: Path) -> int | None:
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == str(path)]
    return lines[-1] if lines else None
