"""`kata check --format json|junit`: results for scripts and CI dashboards."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from grader.results import ExerciseResult, Status


def to_json(results: list[ExerciseResult]) -> str:
    return json.dumps(
        {
            "passed": sum(r.passed for r in results),
            "total": len(results),
            "exercises": [
                {
                    "name": r.exercise.name,
                    "topic": r.exercise.topic,
                    "status": r.status.value,
                    "message": r.message,
                    "tests": [{"name": t.name, "status": t.status.value, "message": t.message} for t in r.tests],
                }
                for r in results
            ],
        },
        indent=2,
    )


def to_junit(results: list[ExerciseResult], *, points: bool = False) -> str:
    """One <testsuite> per exercise, one <testcase> per test (CI dashboards read this).

    With `points` (graded runs), each suite also carries the points it earned and could earn, as
    <properties> (points, max-points), from the results model.
    """
    suites = ET.Element("testsuites", name="asyncio-kata")
    for result in results:
        classname = f"{result.exercise.topic}.{result.exercise.name}"
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=classname,
            tests=str(max(len(result.tests), 1)),
            failures=str(sum(t.status is Status.FAIL for t in result.tests)),
            errors=str(sum(t.status not in (Status.PASS, Status.FAIL, Status.SKIPPED) for t in result.tests)),
            time=f"{result.duration:.3f}",
        )
        if points:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="points", value=str(result.score))
            ET.SubElement(properties, "property", name="max-points", value=str(result.exercise.points))
        if not result.tests:  # nothing ran: the exercise itself is the failed case
            case = ET.SubElement(suite, "testcase", classname=classname, name=result.exercise.name)
            ET.SubElement(case, "error", message=_xml_safe(result.headline)).text = _xml_safe(result.message)
            continue
        for test in result.tests:
            case = ET.SubElement(suite, "testcase", classname=classname, name=test.name, time=f"{test.duration:.3f}")
            if test.status is Status.FAIL:
                ET.SubElement(case, "failure", message=_first_line(test.message)).text = _xml_safe(test.message)
            elif test.status is Status.SKIPPED:
                ET.SubElement(case, "skipped")
            elif test.status is not Status.PASS:
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
