"""What a check found: per test and per exercise, and the machine-readable formats for it."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from grader.catalog import Exercise

PASS, FAIL, ERROR, TIMEOUT = "pass", "fail", "error", "timeout"


@dataclass
class TestResult:
    name: str
    status: str  # pass | fail | error | timeout | skipped | not run
    message: str = ""
    duration: float = 0.0
    output: str = ""


@dataclass
class ExerciseResult:
    exercise: Exercise
    status: str  # pass | fail | error | timeout
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == PASS

    @property
    def headline(self) -> str:
        """The first line of the diagnosis: what a one-line summary shows."""
        return self.message.strip().splitlines()[0] if self.message.strip() else ""


def to_json(results: list[ExerciseResult]) -> str:
    return json.dumps(
        {
            "passed": sum(r.passed for r in results),
            "total": len(results),
            "exercises": [
                {
                    "name": r.exercise.name,
                    "topic": r.exercise.topic,
                    "status": r.status,
                    "message": r.message,
                    "tests": [{"name": t.name, "status": t.status, "message": t.message} for t in r.tests],
                }
                for r in results
            ],
        },
        indent=2,
    )


def to_junit(results: list[ExerciseResult]) -> str:
    """One <testsuite> per exercise, one <testcase> per test (CI dashboards read this)."""
    suites = ET.Element("testsuites", name="asyncio-kata")
    for result in results:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"{result.exercise.topic}.{result.exercise.name}",
            tests=str(max(len(result.tests), 1)),
            failures=str(sum(t.status == FAIL for t in result.tests)),
            errors=str(sum(t.status not in (PASS, FAIL, "skipped") for t in result.tests)),
            time=f"{result.duration:.3f}",
        )
        classname = f"{result.exercise.topic}.{result.exercise.name}"
        if not result.tests:  # nothing ran: the exercise itself is the failed case
            case = ET.SubElement(suite, "testcase", classname=classname, name=result.exercise.name)
            ET.SubElement(case, "error", message=_xml_safe(result.headline)).text = _xml_safe(result.message)
            continue
        for test in result.tests:
            case = ET.SubElement(suite, "testcase", classname=classname, name=test.name, time=f"{test.duration:.3f}")
            if test.status == FAIL:
                ET.SubElement(case, "failure", message=_first_line(test.message)).text = _xml_safe(test.message)
            elif test.status == "skipped":
                ET.SubElement(case, "skipped")
            elif test.status != PASS:
                ET.SubElement(case, "error", message=_first_line(test.message)).text = _xml_safe(test.message)
            if test.output:
                ET.SubElement(case, "system-out").text = _xml_safe(test.output)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _first_line(text: str) -> str:
    return _xml_safe(text.strip().splitlines()[0] if text.strip() else "")


# Learner output can hold any character; XML 1.0 forbids most control characters.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
