"""The child's side of the results channel: pytest's reports, written as grader.engine.protocol records.

`--kata-report FILE` registers the plain reporter; graded runs use grader.harness.sealed, which
signs the same records.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.engine.protocol import Event, encode
from grader.results import Status

MAX_OUTPUT_CHARS = 2000
MAX_MESSAGE_CHARS = 6000
FIGURE_PROPERTY = "kata_figure"  # the user property holding a failure's timeline (grader.figure, as a record)


class Reporter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the whole run
        self.outcomes: dict[str, dict] = {}

    def _write(self, event: Event, **fields: object) -> None:
        self.file.write(encode(event, **fields))
        self.file.flush()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._write(Event.COLLECTED, ids=[item.nodeid for item in session.items])

    @pytest.hookimpl(trylast=True)
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self._write(Event.COLLECT_ERROR, message=_text(report)[:MAX_MESSAGE_CHARS])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = self.outcomes.setdefault(
            report.nodeid, {"status": Status.PASS.value, "message": "", "duration": 0.0, "output": ""}
        )
        outcome["duration"] += report.duration
        if report.capstdout or report.capstderr:
            outcome["output"] = _tail(report.capstdout + report.capstderr)
        if report.failed and outcome["status"] == Status.PASS:
            text = _text(report)
            timed_out = ("kata_status", "timeout") in report.user_properties
            status = Status.TIMEOUT if timed_out else Status.ERROR if report.when == "setup" else Status.FAIL
            outcome["status"] = status.value
            outcome["message"] = text[:MAX_MESSAGE_CHARS]
            figure = dict(report.user_properties).get(FIGURE_PROPERTY)
            if figure is not None:
                outcome["figure"] = figure
            if timed_out:
                # One endless loop makes every later test wait for its own timeout: stop here and
                # let the grader report the rest as not run.
                report_session = getattr(self, "session", None)
                if report_session is not None:
                    report_session.shouldstop = "a test timed out"
        elif report.skipped and outcome["status"] == Status.PASS:
            outcome["status"] = Status.SKIPPED.value

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self._write(Event.TEST, id=nodeid, **self.outcomes.pop(nodeid, {"status": Status.ERROR.value}))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._write(Event.FINISHED, exitstatus=int(exitstatus))
        self.file.close()


def _tail(output: str) -> str:
    """The end of what a test printed, saying how much was left out."""
    if len(output) <= MAX_OUTPUT_CHARS:
        return output
    return f"[{len(output) - MAX_OUTPUT_CHARS:,} earlier characters not shown]\n" + output[-MAX_OUTPUT_CHARS:]


def _text(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, str):
        return longrepr
    if isinstance(longrepr, tuple):  # (path, line, message) for skips
        return str(longrepr[2])
    return getattr(report, "longreprtext", "") or str(longrepr)
