"""From what a child process reported, and how it ended, to the verdict on one exercise.

Only reported passes count. A child that exits 0 without reporting its tests has not passed; one
that reports tests other than the expected ones (graded runs) has not run the kata's suite; a test
that never reported is blamed on the child's fate (a timeout, a crash), and the tests after it were
not run.
"""
from __future__ import annotations

import signal

from grader.catalog import Exercise
from grader.engine.protocol import Event, Record, first, of_kind
from grader.figure import Figure
from grader.results import ExerciseResult, Status, TestResult


def interpret(
    exercise: Exercise,
    *,
    records: list[Record],
    timed_out: bool,
    limit: float,
    returncode: int | None,
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
        return ExerciseResult(exercise, Status.ERROR, "The tests that ran are not the kata's own tests, so "
                              f"nothing counts: expected {len(expected)} test(s), the run reported {len(collected)}.")
    if not collected:
        return _nothing_ran(exercise, records, timed_out, limit, returncode, output_tail)

    finished = first(records, Event.FINISHED) is not None
    fate = _fate(timed_out, limit, finished, returncode, output_tail)
    tests = _tests(expected if expected is not None else collected, records, fate)

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
    message = first_failing.message if first_failing else died_message(returncode, output_tail, "after the last test")
    return ExerciseResult(exercise, status, message, tests)


def _nothing_ran(exercise: Exercise, records: list[Record], timed_out: bool, limit: float,
                 returncode: int | None, output_tail: str) -> ExerciseResult:
    if timed_out:
        return ExerciseResult(exercise, Status.TIMEOUT, f"The check did not start within {limit:g} s.")
    collect_error = first(records, Event.COLLECT_ERROR)
    if collect_error:
        return ExerciseResult(exercise, Status.ERROR,
                              "The test suite could not be loaded.\n" + str(collect_error.get("message", "")))
    return ExerciseResult(exercise, Status.ERROR, died_message(returncode, output_tail, "before any test ran"))


def _fate(timed_out: bool, limit: float, finished: bool, returncode: int | None,
          output_tail: str) -> TestResult | None:
    """What happened to the first test that never reported, if the run did not end normally."""
    if timed_out:
        return TestResult("", Status.TIMEOUT, f"Still running after {limit:g} s and was stopped: an endless "
                          "loop, or an event loop blocked forever?")
    if not finished:
        return TestResult("", Status.ERROR, died_message(returncode, output_tail, "during this test"))
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
    return TestResult(name, status, str(record.get("message", "")), float(record.get("duration", 0.0)),
                      str(record.get("output", "")), Figure.from_record(record.get("figure")))


def died_message(returncode: int | None, output_tail: str, when: str) -> str:
    if returncode is not None and returncode < 0:
        how = f"was killed by signal {signal.Signals(-returncode).name}"
    else:
        how = f"exited with code {returncode}"
    text = (
        f"The test process ended {when}: it {how} without reporting its results. "
        "Does the code call os._exit() or sys.exit(), or crash the interpreter?"
    )
    last_lines = [line for line in output_tail.strip().splitlines() if line.strip()][-8:]
    if last_lines:
        text += "\nLast output:\n" + "\n".join(f"  {line[:200]}" for line in last_lines)
    return text
