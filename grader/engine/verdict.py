"""From what a child process reported, and how it ended, to the verdict on one exercise.

Only reported passes count. A child that exits 0 without reporting its tests has not passed; one
that reports tests other than the expected ones (graded runs) has not run the kata's suite; a test
that never reported is blamed on the child's fate (a timeout, a crash), and the tests after it were
not run.

Whose fault: the learner's module is loaded by the `exercise` fixture, when the first test starts,
so nothing of the learner's runs before the child has reported the tests it collected. A child that
ends before that report (pytest refused its options, a plugin did not load, a suite could not be
imported, pytest failed inside) was stopped by the grader's own side: that is a grader error, with
pytest's own words as the cause, never "does your code call os._exit()?". So is a run pytest ended
with an internal error, and one whose child the grader lost (its warm parent ended).
"""
from __future__ import annotations

import signal
from dataclasses import dataclass

from grader.catalog import Exercise
from grader.engine.protocol import Event, Record, first, of_kind
from grader.figure import Figure
from grader.results import ExerciseResult, Status, TestResult

PYTEST_INTERNAL_ERROR = 3  # pytest.ExitCode.INTERNAL_ERROR (this module does not import pytest)
NOT_YOUR_CODE = ("This is not a problem with your code: the grader or its installation is broken. Run the check "
                 "again; if it happens again, reinstall the kata (pip install -e .) or tell your teacher.")


@dataclass(frozen=True)
class Fate:
    """How a child process ended, as the grader saw it."""

    limit: float  # the wall-time bound it had
    timed_out: bool = False
    returncode: int | None = None
    lost: str = ""  # why the grader lost track of it (its warm parent ended), if it did


def interpret(
    exercise: Exercise,
    *,
    records: list[Record],
    fate: Fate,
    output_tail: str,
    expected: list[str] | None = None,
) -> ExerciseResult:
    """Turn the child's records and fate into a verdict.

    With `expected` (graded runs), the tests are the ones the parent collected itself: a child that
    reports another set has not run the kata's suite.
    """
    collected_record = first(records, Event.COLLECTED)
    collected = list(collected_record["ids"]) if collected_record else []
    if expected is not None and collected and collected != list(expected):
        return grader_error(exercise, "the tests that ran are not the kata's own tests: expected "
                            f"{len(expected)} test(s), the run reported {len(collected)}.")
    strangers = [test_id for test_id in collected if not test_id.startswith(exercise.suite_id + "::")]
    if strangers:
        # Only a run that was meddled with reports another suite's tests: none of them may count.
        return grader_error(exercise, f"the run reported tests that are not in the suite of {exercise.name}, "
                            f"such as {strangers[0]}.")
    if not collected:
        return _nothing_ran(exercise, records, fate, output_tail)

    finished_record = first(records, Event.FINISHED)
    finished = finished_record is not None
    if finished_record and finished_record.get("exitstatus") == PYTEST_INTERNAL_ERROR:
        return grader_error(exercise, "pytest stopped with an internal error.", _pytest_says(output_tail))
    if fate.lost and not finished:
        return grader_error(exercise, f"the grader lost the process checking it: {fate.lost}")
    tests = _tests(expected if expected is not None else collected, records, _fate(fate, finished, output_tail))

    statuses = {t.status for t in tests}
    if statuses == {Status.PASS} and finished:
        return ExerciseResult(exercise, Status.PASS, "", tests)
    # A process that died after its last test crashed all the same: an error, not a failure.
    if Status.TIMEOUT in statuses:
        status = Status.TIMEOUT
    elif Status.ERROR in statuses or not finished:
        status = Status.ERROR
    else:
        status = Status.FAIL
    first_failing = next((t for t in tests if t.status is not Status.PASS), None)
    message = first_failing.message if first_failing else died_message(fate.returncode, output_tail,
                                                                        "after the last test")
    return ExerciseResult(exercise, status, message, tests)


def grader_error(exercise: Exercise, cause: str, details: str = "") -> ExerciseResult:
    """Not graded: the grader could not check `exercise`. `cause` completes "... because ...", e.g.
    "pytest stopped with an internal error."; `details` are the tool's own words."""
    message = f"Not checked: the grader could not run the tests of {exercise.name}, because {cause}"
    if details:
        message += "\n" + "\n".join(f"  {line[:300]}" for line in details.splitlines())
    return ExerciseResult(exercise, Status.GRADER_ERROR, f"{message}\n{NOT_YOUR_CODE}")


def _nothing_ran(exercise: Exercise, records: list[Record], fate: Fate, output_tail: str) -> ExerciseResult:
    """No test was collected, so no learner code ran: whatever stopped the child was the grader's."""
    collect_error = first(records, Event.COLLECT_ERROR)
    if collect_error and not (fate.lost or fate.timed_out):
        return grader_error(exercise, "the kata's test suite could not be loaded:",
                            str(collect_error.get("message", "")).strip())
    cause, _, details = stopped_before_collecting(fate, output_tail).partition("\n")
    return grader_error(exercise, cause, details)


def stopped_before_collecting(fate: Fate, output_tail: str) -> str:
    """Why a child ended before it collected a test: a sentence, then pytest's own words."""
    if fate.lost:
        return f"the grader lost the process checking it: {fate.lost}"
    if fate.timed_out:
        return f"pytest did not even collect the tests within {fate.limit:g} s (is the machine overloaded?)."
    return (f"pytest stopped before collecting any test ({_how(fate.returncode)}). pytest said:\n"
            + (_pytest_says(output_tail) or "(nothing)"))


def _pytest_says(output_tail: str) -> str:
    """pytest's own explanation in a child's output: its ERROR lines (usage), its INTERNALERROR
    lines, else the last lines (a traceback ends with the exception)."""
    lines = [line.rstrip() for line in output_tail.splitlines() if line.strip()]
    error = next((n for n, line in enumerate(lines) if line.startswith("ERROR:")), None)
    if error is not None:
        return "\n".join(lines[error:error + 4])
    internal = [line.removeprefix("INTERNALERROR>").rstrip() for line in lines if line.startswith("INTERNALERROR>")]
    if internal:
        return "\n".join(internal[-6:])
    return "\n".join(lines[-6:])


def _fate(fate: Fate, finished: bool, output_tail: str) -> TestResult | None:
    """What happened to the first test that never reported, if the run did not end normally."""
    if fate.timed_out:
        return TestResult("", Status.TIMEOUT, f"Still running after {fate.limit:g} s and was stopped: an endless "
                          "loop, or an event loop blocked forever?")
    if not finished:
        return TestResult("", Status.ERROR, died_message(fate.returncode, output_tail, "during this test"))
    return None


def _tests(ids: list[str], records: list[Record], fate: TestResult | None) -> list[TestResult]:
    reported = {r["id"]: r for r in of_kind(records, Event.TEST) if "id" in r}
    tests: list[TestResult] = []
    for test_id in ids:
        name = test_id.split("::")[-1]
        if test_id in reported:
            tests.append(_reported(name, reported[test_id]))
        elif fate is not None:
            tests.append(TestResult(name, fate.status, fate.message))
            fate = None  # only the test that was running met the fate
        else:
            tests.append(TestResult(name, Status.NOT_RUN, "Not run: an earlier test of this exercise was stopped."))
    return tests


def _reported(name: str, record: Record) -> TestResult:
    try:
        status = Status(record.get("status", Status.ERROR))
    except ValueError:
        status = Status.ERROR
    if status is Status.GRADER_ERROR:
        status = Status.ERROR  # only the grader says that of itself, never a child's record
    return TestResult(name, status, str(record.get("message", "")), float(record.get("duration", 0.0)),
                      str(record.get("output", "")), Figure.from_record(record.get("figure")))


def _how(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"killed by signal {signal.Signals(-returncode).name}"
    return f"exit code {returncode}"


def died_message(returncode: int | None, output_tail: str, when: str) -> str:
    how = f"was {_how(returncode)}" if returncode is not None and returncode < 0 else f"exited with code {returncode}"
    text = (
        f"The test process ended {when}: it {how} without reporting its results. "
        "Does the code call os._exit() or sys.exit(), or crash the interpreter?"
    )
    last_lines = [line for line in output_tail.strip().splitlines() if line.strip()][-8:]
    if last_lines:
        text += "\nLast output:\n" + "\n".join(f"  {line[:200]}" for line in last_lines)
    return text
