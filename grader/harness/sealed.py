"""The results channel of graded runs (`-p grader.harness.sealed`, see grader.engine.runner.check_sealed).

The grader hands the child two file descriptors, never a path or a secret on the command line or in
the environment: one open for appending to the results file, one a pipe holding the signing key.
Both are taken here, in pytest_configure, before any learner code is imported; the environment
variables naming them are removed and the pipe is closed. Every record is then signed (HMAC-SHA256)
and numbered, so lines that learner code writes into the file are worthless.

A tripwire backs this up: the grader's own modules, a few builtins and pytest's call path are
remembered once the suite is collected (before the learner's module is loaded), and a test after
which any of them was replaced fails, because its verdict can no longer be believed.
"""
from __future__ import annotations

import builtins
import os
import sys
from pathlib import Path

import pytest

from grader.engine.protocol import Event, sign
from grader.harness import report

# Builtins a rigged comparison would have to replace.
WATCHED_BUILTINS = (
    "type", "isinstance", "issubclass", "len", "id", "repr", "str", "int", "float", "bool", "list",
    "tuple", "dict", "set", "frozenset", "getattr", "hasattr", "sorted", "sum", "min", "max", "abs",
    "all", "any", "zip", "map", "iter", "next", "print", "object", "Exception", "BaseException",
)
# Modules and classes on the way from a test function to its report.
WATCHED_MODULES = ("_pytest.runner", "_pytest.python", "_pytest.reports", "_pytest.outcomes",
                   "pluggy._callers", "pluggy._hooks", "math", "inspect")
WATCHED_CLASSES = (("_pytest.python", "Function"), ("_pytest.runner", "CallInfo"),
                   ("_pytest.reports", "TestReport"), ("_pytest.reports", "BaseReport"),
                   ("pluggy._hooks", "HookCaller"))


def pytest_configure(config: pytest.Config) -> None:
    try:
        report_fd = int(os.environ.pop("KATA_REPORT_FD"))
        key_fd = int(os.environ.pop("KATA_KEY_FD"))
    except (KeyError, ValueError):
        raise pytest.UsageError("grader.harness.sealed is only for graded runs started by the kata") from None
    key = b""
    while chunk := os.read(key_fd, 64):
        key += chunk
    os.close(key_fd)
    os.set_inheritable(report_fd, False)
    config.pluginmanager.register(SealedReporter(report_fd, key), "kata-sealed-report")


class SealedReporter(report.Reporter):
    """The usual results (grader.harness.report), written as signed, numbered records."""

    def __init__(self, fd: int, key: bytes) -> None:
        super().__init__(Path(os.devnull))
        self.file.close()
        self._fd = fd
        self._key = key
        self._seq = 0
        self._watched: dict[str, dict] = {}

    def _write(self, event: Event, **fields: object) -> None:
        self._seq += 1
        data = sign(self._key, self._seq, event, **fields).encode()
        while data:
            data = data[os.write(self._fd, data):]

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        super().pytest_collection_finish(session)
        self._watched = _snapshot()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        changed = _changed(self._watched, _snapshot()) if self._watched else []
        if changed and report.when == "call" and not report.failed:
            report.outcome = "failed"
            report.longrepr = (
                "The code under test replaced parts of the grader or of pytest "
                f"({', '.join(changed[:5])}), so this test's verdict cannot be trusted.\n"
                "Hint: an exercise must not patch the tests, the kata's harness or Python's builtins."
            )
        super().pytest_runtest_logreport(report)


def _snapshot() -> dict[str, dict]:
    watched: dict[str, dict] = {}
    for name, module in list(sys.modules.items()):
        if module is None:
            continue
        if name == "grader" or name.startswith("grader.") or name in WATCHED_MODULES:
            watched[name] = dict(vars(module))
            if name.startswith("grader."):
                for attribute, value in list(vars(module).items()):
                    if isinstance(value, type) and value.__module__ == name:
                        watched[f"{name}.{attribute}"] = dict(vars(value))
    for module_name, class_name in WATCHED_CLASSES:
        cls = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(cls, type):
            watched[f"{module_name}.{class_name}"] = dict(vars(cls))
    watched["builtins"] = {name: getattr(builtins, name, None) for name in WATCHED_BUILTINS}
    return watched


def _changed(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    changed = []
    for owner, names in before.items():
        now = after.get(owner, {})
        for name, value in names.items():
            if name.startswith("__") and name != "__eq__":
                continue
            replaced = now.get(name, value)
            # Only code counts: functions, classes and methods replaced. Plain values (a counter, a
            # cache) may change as the harness works.
            if replaced is not value and (_is_code(value) or _is_code(replaced)):
                changed.append(f"{owner}.{name}")
    return changed


def _is_code(value: object) -> bool:
    return callable(value) or isinstance(value, (staticmethod, classmethod, property))
