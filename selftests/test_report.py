"""The class report: what it says about a class, and the page as a real browser shows it.

A generated class of 30 (selftests/report_class.py) with planted mistakes is built from recorded
grading results in a fraction of a second; headless Chromium (selftests/browser.py) loads its page
from a file:// URL. The end-to-end check at the bottom grades real submissions with the real grading
code and reports from the records it writes, as `kata report --from` does.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from grader.errors import ReportError
from grader.formats.text import spreadsheet_safe
from grader.teacher import report
from grader.teacher.classdata import (
    Cell,
    ClassData,
    ExerciseInfo,
    NameScrubber,
    StudentRow,
    anonymised,
    from_graded,
    from_records,
    mistake_key,
    mistakes,
    write_records,
)
from selftests import browser, report_class
from selftests.assignment import export
from selftests.submissions import SCRIPT

HOSTILE_NAME = report_class.HOSTILE_NAMES[0]


def gradebook_rows(csv_text: str) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in csv.DictReader(io.StringIO(csv_text))}


def planted_headline(exercise: str) -> str:
    outcome = report_class.load_outcomes()["exercises"][exercise][report_class.PLANTED[exercise][0]]
    return outcome["message"].strip().splitlines()[0]


# --- What the data says ------------------------------------------------------------------------------

def test_one_mistake_with_other_numbers_is_one_group():
    same = ["main_concurrent ran one after another: took 3.0 s of loop time, expected about 1.0 s",
            "main_concurrent ran one after another: took 3.1 s of loop time, expected about 1.0 s",
            "squares([2, 0, 3, 1]) was too slow.", "squares([5, 1]) was too slow",
            "exercises/02_concurrency/say_after.py has a syntax error on line 21: invalid syntax.",
            "exercises/01_coroutines/greet.py has a syntax error on line 7: invalid syntax.",
            "greet('Grace') returned the wrong result.", 'greet("Ada") returned the wrong result.',
            "<0x7f3a2b> object at 0x7f3a2c", "<0x1> object at 0xdeadbeef"]
    for first, second in zip(same[::2], same[1::2]):
        assert mistake_key(first) == mistake_key(second), (first, second)
    different = ["main_concurrent is still sequential", "main_sequential ran the two calls at the same time",
                 "greet must be a coroutine function (async def)", "greet didn't return the greeting"]
    assert len({mistake_key(text) for text in different}) == len(different)
    assert mistake_key("ada's file prints ada", "ada") == mistake_key("bo's file prints bo", "bo")
    assert mistake_key("adam printed", "ada") != mistake_key("bo printed", "bo"), "whole names only"


def tiny_class(**changes) -> ClassData:
    exercises = (ExerciseInfo("greet", "01_coroutines", 5), ExerciseInfo("say_after", "02_concurrency", 10))
    slow = "main_concurrent ran one after another: took {} s\nEvidence\nHint"
    students = (
        StudentRow("ada", (Cell("pass", 5, "", 3, 3), Cell("fail", 6, slow.format("3.0"), 2, 3))),
        StudentRow("bo", (Cell("fail", 0, "greet returned None", 0, 3), Cell("fail", 6, slow.format("3.1"), 2, 3))),
        StudentRow("cy", (Cell("timeout", 0, "It ran too long", 0, 3), Cell("pass", 10, "", 3, 3))),
    )
    return replace(ClassData(exercises, students, {"01_coroutines": "Coroutines: async def"}), **changes)


def test_mistakes_are_counted_per_exercise_and_linked_to_students():
    found = mistakes(tiny_class())
    assert [(m.text, m.students) for m in found[1]] == [
        ("main_concurrent ran one after another: took 3.0 s", ("ada", "bo"))]
    assert found[1][0].wordings == 2
    assert [(m.count, m.statuses) for m in found[0]] == [(1, ("timeout",)), (1, ("fail",))], "then by wording"


def test_records_round_trip_and_refuse_to_mix_classes(tmp_path):
    data = tiny_class(notes=("graded with the pristine copy",))
    data = replace(data, students=(replace(data.students[0], notes=("a note",), protected=("tests/x.py",)),
                                   *data.students[1:]))
    write_records(data, tmp_path / "feedback")
    (tmp_path / "feedback" / "ada.md").write_text("feedback files beside the records are ignored")
    back = from_records(tmp_path / "feedback")
    assert back == replace(data, topics={"01_coroutines": "Coroutines: async def", "02_concurrency": "02_concurrency"})

    other = replace(tiny_class(), exercises=(ExerciseInfo("greet", "01_coroutines", 5),
                                             ExerciseInfo("say_after", "02_concurrency", 15)))
    write_records(replace(other, students=(replace(other.students[0], name="zed"),)), tmp_path / "feedback")
    with pytest.raises(ReportError, match="different exercises"):
        from_records(tmp_path / "feedback")
    with pytest.raises(ReportError, match="no grading records"):
        from_records(tmp_path)


def test_every_colour_is_readable():
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    text = [report.INK, report.MUTED, report.LINK, *(colour for colour, _, _ in report.OUTCOMES.values())]
    for background in (report.PAPER, report.PANEL):
        for colour in text:
            assert contrast(colour, background) >= 4.5, (colour, background)
    for tint in report.TINTS.values():
        assert contrast(report.INK, tint) >= 4.5, tint


def test_learner_text_is_never_markup():
    data = tiny_class()
    hostile = replace(data.students[1], name=HOSTILE_NAME, notes=("<b>bold</b> note",),
                      cells=(Cell("error", 0, f"The test process ended\nLast output:\n  {SCRIPT}"),
                             data.students[1].cells[1]))
    page = report.render(replace(data, students=(data.students[0], hostile, data.students[2])))
    assert page.count("<script") == 1 and "alert(1)" not in page.split("<script>")[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<b>bold" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)[1]
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL)[1]
    assert report.csp_hash(style) in policy and report.csp_hash(script) in policy
    assert "default-src 'none'" in policy, "nothing may be fetched"


def test_anonymised_page_has_no_names_and_stable_pseudonyms():
    data = tiny_class()
    data = replace(data, students=(replace(data.students[0], error="ada.zip cannot be read"), *data.students[1:]))
    first, again = anonymised(data), anonymised(data)
    assert first == again
    assert len({s.name for s in first.students}) == 3
    assert [s.name for s in first.students] == sorted(s.name for s in first.students)
    assert anonymised(data, salt="a secret") != first
    page = report.render(first, anonymous=True)
    for name in ("ada", "bo", "cy"):
        assert not re.search(rf"\b{name}\b", page), name
    regraded = replace(data, students=tuple(replace(s, cells=tuple(reversed(s.cells))) for s in data.students))
    assert [s.name for s in anonymised(regraded).students] == [s.name for s in first.students], \
        "a re-graded class keeps its pseudonyms"


def test_names_are_replaced_as_whole_words_everywhere():
    scrub = NameScrubber({"Ann": "Swift Otter", "Ann Lee": "Calm Heron", "<>": "Keen Lynx", "=1+2": "Bold Yak"})
    assert scrub("Ann Lee and Ann met Anna (Annual): <> printed =1+2") == \
        "Calm Heron and Swift Otter met Anna (Annual): Keen Lynx printed Bold Yak"
    assert scrub("nobody here") == "nobody here"


def test_report_command(tmp_path):
    data, _, _ = report_class.synthetic_class(30)
    write_records(data, tmp_path / "feedback")
    command = [sys.executable, "-m", "grader.teacher.report", "--from", str(tmp_path / "feedback"),
               "--out", str(tmp_path / "report.html"), "--anonymise"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Class report of 30 students" in run.stderr
    page = (tmp_path / "report.html").read_text()
    assert not any(student.name in page for student in data.students if len(student.name) > 4)
    run = subprocess.run([*command[:4], str(tmp_path / "nowhere"), *command[5:]], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 2 and "no such folder" in run.stderr and "Traceback" not in run.stderr


# --- The page in a real browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    try:
        return browser.executable()
    except browser.BrowserUnavailable as why:
        pytest.skip(f"No browser to test the class report in: {why}. Install Debian's chromium "
                    "(apt-get install chromium), as .ci/run does.")


@pytest.fixture(scope="module")
def page(tmp_path_factory, chromium):
    """(the page's path, its DOM after the scripts ran, the gradebook, the class data)."""
    folder = tmp_path_factory.mktemp("report")
    data, csv_text, _ = report_class.synthetic_class(30)
    path = report.write_report(data, folder / "report.html")
    return path, browser.parse(browser.dom(path)), csv_text, data


def test_the_script_ran(page):
    _, document, _, _ = page
    table = document.find("table", id="students-table")
    assert len(table.find("thead").find_all("button")) == len(table.find("thead").find_all("th")), \
        "every column of the students' table sorts"
    assert document.find("span", id="filter-status").text == "30 of 30 students shown"
    assert "hidden" not in document.find("div", class_="filter").attrs


def test_totals_and_pass_rates_are_the_gradebooks(page):
    _, document, csv_text, data = page
    expected = gradebook_rows(csv_text)
    shown = {}
    for row in document.find("table", id="students-table").find("tbody").find_all("tr"):
        name = row.find("th").text
        shown[spreadsheet_safe(name)] = (row.find("td", class_="total").text, row.find("td", class_="percent").text,
                                         row.find("td", class_="standing").text)
    assert shown == {student: (row["total"], row["percent"], row["status"]) for student, row in expected.items()}
    assert len(shown) == 30
    for exercise, row in zip(data.exercises, document.find("table", id="exercises-table").find("tbody").find_all("tr")):
        passes = sum(int(line[exercise.name]) == exercise.points for line in expected.values())
        assert row.attrs["data-exercise"] == exercise.name
        assert row.find("td", class_="pass").text == str(passes)
        assert row.find("td", class_="rate").text == f"{100 * passes / 30:.0f} %"


def test_the_planted_mistakes_come_out_on_top(page):
    _, document, _, _ = page
    for exercise, (_, count) in report_class.PLANTED.items():
        block = document.find("section", class_="exercise-mistakes", **{"data-exercise": exercise})
        top = block.find("li", class_="mistake")
        assert top.find("span", class_="headline").text == planted_headline(exercise)
        assert int(top.attrs["data-count"]) >= count
        assert len(top.find("p", class_="who").find_all("a")) == min(int(top.attrs["data-count"]),
                                                                     report.SHOWN_STUDENTS)


def test_printed_script_and_hostile_name_are_text(page):
    _, document, _, _ = page
    assert [node.text for node in document.find_all("script") if "alert" in node.text] == []
    assert document.find_all("img") == []
    assert any(SCRIPT in node.text for node in document.find_all("pre")), "the printed line is shown as text"
    assert HOSTILE_NAME in [a.text for a in document.find("table", id="students-table").find_all("a")]


def drive(page_path: Path, folder: Path, script: str, width: int = 1280, height: int = 900):
    """What `script` (a function body) returns about the page once loaded, as JSON.

    The page's policy runs only its own script, so this runs on a copy without the policy.
    """
    markup = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_path.read_text())
    driver = ("<script>(function () { var out = (function () {" + script + "})();"
              "var pre = document.createElement('pre'); pre.id = 'driver'; pre.textContent = JSON.stringify(out);"
              "document.body.appendChild(pre); })();</script>")
    driven = folder / f"driven-{page_path.name}"
    driven.write_text(markup.replace("</body>", driver + "</body>"))
    return json.loads(browser.parse(browser.dom(driven, width=width, height=height)).find("pre", id="driver").text)


CHART_BOXES = """
return Array.prototype.map.call(document.querySelectorAll("figure svg"), function (svg) {
  var box = svg.getBoundingClientRect();
  return [svg.parentNode.id, box.left, box.top, box.right, box.bottom].map(function (v) {
    return typeof v === "number" ? Math.round(v) : v;
  });
});
"""


def test_the_charts_render(page, tmp_path):
    path, document, _, _ = page
    assert len(document.find("figure", id="chart-exercises").find_all("rect")) > 15 * 2
    boxes = {ident: box for ident, *box in drive(path, tmp_path, CHART_BOXES, width=1100)}
    assert set(boxes) == {"chart-totals", "chart-topics", "chart-exercises"}
    height = max(b[3] for b in boxes.values()) + 20
    png = browser.read_png(browser.screenshot(path, tmp_path / "page.png", 1100, height))
    expected = {"chart-totals": [report.LINK], "chart-topics": [report.OUTCOMES["pass"][0]],
                "chart-exercises": [colour for colour, _, _ in report.OUTCOMES.values()]}
    for chart, colours in expected.items():
        left, top, right, bottom = boxes[chart]
        assert right - left > 300 and bottom - top > 80, f"{chart} is drawn too small: {boxes[chart]}"
        counts = png.colours((left, top, right, bottom))
        drawn = sum(n for colour, n in counts.items() if colour != (255, 255, 255))
        assert drawn > 0.05 * (right - left) * (bottom - top), f"{chart} is blank: {drawn} pixels drawn"
        for colour in colours:
            rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
            assert counts.get(rgb, 0) > 100, f"{chart}: no bar of {colour} on the screen"


def test_the_students_table_filters_and_sorts(page, tmp_path):
    path, _, csv_text, _ = page
    result = drive(path, tmp_path, """
      var out = {};
      var input = document.getElementById("student-filter");
      input.value = "incomplete";
      input.dispatchEvent(new Event("input"));
      out.filtered = document.getElementById("filter-status").textContent;
      out.shown = document.querySelectorAll("#students-table tbody tr:not([hidden])").length;
      input.value = "";
      input.dispatchEvent(new Event("input"));
      var points = document.querySelectorAll("#students-table thead th")[1];
      points.querySelector("button").click();
      points.querySelector("button").click();
      out.sort = points.getAttribute("aria-sort");
      out.order = Array.prototype.map.call(document.querySelectorAll("#students-table tbody td.total"),
                                           function (td) { return +td.textContent; });
      return out;
    """)
    incomplete = sum(r["status"] == "incomplete" for r in gradebook_rows(csv_text).values())
    assert result["filtered"] == f"{incomplete} of 30 students shown" and result["shown"] == incomplete
    assert result["sort"] == "descending"
    assert result["order"] == sorted((int(r["total"]) for r in gradebook_rows(csv_text).values()), reverse=True)


def test_the_policy_blocks_injected_scripts(page, tmp_path):
    path, _, _, _ = page
    injected = tmp_path / "injected.html"
    marker = "<script>document.body.appendChild(document.createElement('article')).id = 'injected';</script>"
    injected.write_text(path.read_text().replace("</body>", marker + "</body>"))
    assert browser.parse(browser.dom(injected)).find_all("article", id="injected") == []


def test_anonymised_page_in_the_browser(page, tmp_path):
    _, _, _, data = page
    path = report.write_report(data, tmp_path / "anonymous.html", anonymise=True)
    text = browser.parse(browser.dom(path)).text
    for student in data.students:
        assert student.name not in text, student.name
    assert "Names are pseudonyms" in text


# --- End to end: real submissions, real grading, records on disk ------------------------------------------

E2E_EXERCISES = ("greet", "run_sync", "say_after", "gather_squares", "blocking_sleep")


def test_end_to_end_from_real_grading(tmp_path, chromium):
    kata = export(tmp_path / "kata", *E2E_EXERCISES)
    catalog = report_class.class_catalog(E2E_EXERCISES)
    class_plan = report_class.plan(catalog, 30, others=2)
    report_class.write_class(tmp_path / "class", class_plan, catalog)
    graded, graded_catalog, notes = report_class.grade_in_process(kata, tmp_path / "class")
    csv_text = report_class.gradebook(graded, graded_catalog)
    write_records(from_graded(graded, graded_catalog, notes), tmp_path / "feedback")

    run = subprocess.run([sys.executable, "-m", "grader.teacher.report", "--from", str(tmp_path / "feedback"),
                          "--out", str(tmp_path / "report.html")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    document = browser.parse(browser.dom(tmp_path / "report.html"))

    shown = {spreadsheet_safe(row.find("th").text): row.find("td", class_="total").text
             for row in document.find("table", id="students-table").find("tbody").find_all("tr")}
    assert shown == {student: row["total"] for student, row in gradebook_rows(csv_text).items()}
    for exercise, (_, count) in report_class.PLANTED.items():
        top = document.find("section", class_="exercise-mistakes", **{"data-exercise": exercise}).find("li")
        assert top.find("span", class_="headline").text == planted_headline(exercise), \
            "the recorded outcomes are what the grader says today (python -m selftests.report_class record)"
        assert int(top.attrs["data-count"]) >= count
    assert any(SCRIPT in node.text for node in document.find_all("pre"))
    assert [node.text for node in document.find_all("script") if "alert" in node.text] == []
    assert "timeout" in document.find("table", id="errors-table").text
    assert "cannot be read" in document.find("table", id="unreadable-table").text
    assert "symbolic link" in document.find("table", id="notes-table").text
