"""What a learner reads after a failing check: one message per mistake, and a picture of the timeline.

The five timing mistakes a picture explains best are checked end to end: a known-wrong solution is
checked by `kata check NAME --dir`, and its output must hold the learner's runs as bars above the
schedule the suite expected, within 80 columns. `--timeline FILE.svg` writes the same picture, which
headless Chromium must render whole: not empty, nothing outside the picture's bounds.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from grader import catalog as catalog_module
from grader.dev.variants import VARIANTS, Variant
from grader.figure import Bar, Chart, Figure
from grader.learner import render, timeline
from grader.results import ExerciseResult, Status, TestResult
from selftests import browser
from selftests.conftest import ROOT, run_kata

# The mistakes the picture must explain, and a phrase of the caption of the learner's runs.
PICTURED = {
    "02_concurrency/say_after/wrong_concurrent_is_sequential": "yours: one after another, 3.0 s",
    "02_concurrency/gather_squares/wrong_one_after_another": "yours: one after another",
    "02_concurrency/red_blue_green/wrong_one_after_another": "yours: one after another, 9.0 s",
    "06_sync/bounded_gather/wrong_fixed_batches": "yours: at most 3 at once, 8.0 s",
    "05_structured/first_success/wrong_losers_left_running": "yours: all at once, 1.0 s",
}


def kata_dir_with(tmp_path: Path, variant: str) -> tuple[Path, Variant]:
    """A copy of the stubs with one variant installed, and the variant."""
    kata_dir = tmp_path / "kata"
    shutil.copytree(ROOT / "exercises", kata_dir)
    chosen = Variant(ROOT / VARIANTS / f"{variant}.py")
    chosen.install(catalog_module.load(ROOT), kata_dir)
    return kata_dir, chosen


@pytest.mark.parametrize("variant", list(PICTURED))
def test_the_timeline_picture_explains_the_mistake(tmp_path, variant):
    kata_dir, chosen = kata_dir_with(tmp_path, variant)
    svg = tmp_path / "timeline.svg"
    run = run_kata("check", chosen.exercise, "--dir", str(kata_dir), "--timeline", str(svg),
                   env={"COLUMNS": "80"})
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert PICTURED[variant] in run.stdout, run.stdout
    assert any(line.strip().startswith("expected: ") for line in lines), run.stdout
    assert any("#" in line for line in lines if "(" in line or "[" in line), "bars drawn in ASCII without a terminal"
    assert any("loop time  0 s" in line for line in lines), run.stdout
    too_long = [line for line in lines if len(line) > 80 and not line.startswith("Wrote the timeline to ")]
    assert not too_long, "\n".join(too_long)
    assert run.stdout.count("yours: ") == 1, "one picture per message, not one per failing test"
    assert svg.is_file() and "<svg" in svg.read_text(encoding="utf-8")


def test_no_timeline_where_none_explains(tmp_path):
    """greet's stub fails for a reason no picture explains: no figure, no SVG, and a word why."""
    run = run_kata("check", "greet", "--dir", str(ROOT / "exercises"), "--timeline", str(tmp_path / "x.svg"))
    assert run.returncode == 1 and "yours: " not in run.stdout
    assert "No timeline written: the diagnosis of greet has no timeline to draw." in run.stdout, run.stdout
    assert not (tmp_path / "x.svg").exists()


# --- The failure output ------------------------------------------------------------------------------

def exercise_result(*tests: TestResult) -> ExerciseResult:
    from grader import catalog

    exercise = catalog.load(ROOT).get("say_after")
    return ExerciseResult(exercise, Status.FAIL, tests[0].message, list(tests))


def printed(result: ExerciseResult, width: int) -> str:
    out = render.console()
    out.width = width
    with out.capture() as capture:
        render.diagnosis(out, result)
    return capture.get()


SEQUENTIAL = ("main_concurrent is still sequential: it waited for \"hello\" before starting \"world\".\n"
              "main_concurrent took 3.0 s of loop time; expected about 2.0 s.\n"
              "Hint: Create both tasks first (asyncio.create_task), then await them.")


def test_identical_diagnoses_are_told_once_under_the_first_test():
    result = exercise_result(
        TestResult("test_sequential_takes_three_seconds", Status.PASS),
        TestResult("test_concurrent_takes_two_seconds", Status.FAIL, SEQUENTIAL),
        TestResult("test_concurrent_says_hello_at_one_second", Status.FAIL, SEQUENTIAL),
        TestResult("test_a_later_one", Status.NOT_RUN, "Not run"),
    )
    text = printed(result, 150)
    assert text.count("main_concurrent is still sequential") == 1, text
    assert text.splitlines()[0] == ("✗ concurrent takes two seconds (also in: concurrent says hello at one "
                                    "second)"), text
    assert "kata check" not in text, "never suggest running the command just run"
    assert text.rstrip().endswith("1 of 4 tests pass; 1 not run after a test was stopped."), text


def test_many_diagnoses_one_line_each_beyond_the_first_three():
    tests = [TestResult(f"test_mistake_{n}", Status.FAIL, f"Mistake number {n}.\nEvidence {n}.") for n in range(5)]
    text = printed(exercise_result(*tests), 150)
    assert "Evidence 2." in text and "Evidence 3." not in text
    assert "✗ mistake 3: Mistake number 3." in text and "✗ mistake 4: Mistake number 4." in text, text


def test_the_output_wraps_to_80_columns_under_its_own_indent():
    long = ("bounded_gather ran fixed batches: it waited for a whole batch before starting the next, so free "
            "slots sat idle while each batch's slowest maker finished.\n  evidence " + "word " * 30)
    text = printed(exercise_result(TestResult("test_a_free_slot_is_refilled_at_once", Status.FAIL, long)), 80)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines), text
    assert all(line.startswith("  ") for line in lines[1:] if line.strip() and "tests pass" not in line), text
    assert all(line == line.rstrip() for line in lines), "no trailing spaces"
    assert "slots sat idle" in " ".join(line.strip() for line in lines)


def test_a_spy_shows_arguments_as_they_were_at_the_call(tmp_path):
    kata_dir, _ = kata_dir_with(tmp_path, "02_concurrency/say_after/wrong_concurrent_is_sequential")
    run = run_kata("check", "say_after", "--dir", str(kata_dir), "--format", "json")
    message = json.loads(run.stdout)["exercises"][0]["tests"][1]["message"]
    assert "say_after(1, 'hello', [])" in message, message  # later the list held both words


# --- The picture itself ------------------------------------------------------------------------------

RACE = Figure("", (
    Chart("yours: all at once, 1.0 s", (Bar("makers[0]", 0, None, "running"), Bar("makers[1]", 0, 1),
                                        Bar("makers[2]", 0, 0.5, "raised"))),
    Chart("expected: the losers cancelled when the winner returns, 1.25 s",
          (Bar("makers[0]", 0, 1.25, "cancelled", 1.0), Bar("makers[1]", 0, 1), Bar("makers[2]", 0, 0.5, "raised"))),
), mark=1.0, mark_label="returned")


def plain_picture(figure: Figure, *, plain: bool) -> list[str]:
    out = render.console()
    out.width = 80
    with out.capture() as capture:
        out.print(timeline.terminal(figure, plain=plain))
    return capture.get().splitlines()


def test_the_picture_in_ascii_and_in_unicode():
    ascii_lines = plain_picture(RACE, plain=True)
    assert all(line.isascii() and len(line) <= 78 for line in ascii_lines), ascii_lines
    rows: dict[str, str] = {}
    for line in ascii_lines:
        if line.startswith("  makers"):
            rows.setdefault(line.split()[0], line)  # the learner's chart comes first
    assert rows["makers[0]"].rstrip().endswith(">"), "still running when the code returned"
    assert re.search(r"#!\s+\|$", rows["makers[2]"].rstrip()), "raised at 0.5 s, before the return at 1 s"
    expected_loser = [line for line in ascii_lines if line.startswith("  makers[0]")][1]
    assert "~" in expected_loser and expected_loser.rstrip().endswith("x"), "cleaning up, then cancelled"
    unicode_lines = plain_picture(RACE, plain=False)
    assert any("█" in line for line in unicode_lines) and any("✕" in line for line in unicode_lines)
    legend = " ".join(unicode_lines[-2:])
    assert "cancelled" in legend and "returned at 1 s" in legend


def test_the_same_figure_survives_the_protocol():
    assert Figure.from_record(json.loads(json.dumps(RACE.to_record()))) == RACE
    assert Figure.from_record({"charts": [{"bars": [{"start": "soon"}]}]}) is None  # junk is no figure


# --- The SVG in a browser ----------------------------------------------------------------------------

BAR_COLOURS = {(0xD9, 0x77, 0x06), (0x16, 0xA3, 0x4A)}  # timeline.COLOURS "mine" and "expected"

PROBE = """<!doctype html><html><body style="margin:0">{svg}<script>
const svg = document.querySelector("svg");
const width = svg.width.baseVal.value, height = svg.height.baseVal.value;
const outside = [...svg.querySelectorAll("text, rect, line")].filter(element => {{
  const box = element.getBBox();
  return box.x < -0.5 || box.y < -0.5 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5;
}}).map(element => element.outerHTML.slice(0, 120));
document.body.setAttribute("data-outside", JSON.stringify(outside));
document.body.setAttribute("data-texts", svg.querySelectorAll("text").length);
</script></body></html>"""


@pytest.fixture(scope="module")
def chromium():
    try:
        return browser.executable()
    except browser.BrowserUnavailable as why:
        if __import__("os").environ.get("CI"):
            raise
        pytest.skip(str(why))


def test_the_svg_renders_whole_in_chromium(tmp_path, chromium):
    figure_file = tmp_path / "race.svg"
    figure_file.write_text(timeline.svg(RACE, title="first_success: the losers are cancelled at once"),
                           encoding="utf-8")
    source = figure_file.read_text(encoding="utf-8")
    width, height = (int(n) for n in re.search(r'width="(\d+)" height="(\d+)"', source).groups())

    # Cut off: nothing the browser lays out may fall outside the picture's own bounds.
    page = tmp_path / "probe.html"
    page.write_text(PROBE.format(svg=source), encoding="utf-8")
    body = browser.parse(browser.dom(page)).find("body")
    assert json.loads(body.attrs["data-outside"]) == [], body.attrs["data-outside"]
    assert int(body.attrs["data-texts"]) >= 10

    # Empty: the screenshot of the SVG alone shows both kinds of bars, on white, with room around.
    png = browser.read_png(browser.screenshot(figure_file, tmp_path / "race.png", width + 40, height + 40))
    sampled = {(x, y): png.pixel(x, y) for y in range(0, height, 2) for x in range(0, width, 2)}
    assert sum(colour in BAR_COLOURS for colour in sampled.values()) > 500, "no bars drawn"
    ink = [place for place, colour in sampled.items() if colour != (255, 255, 255)]
    assert len(ink) > 1500, "the picture is almost empty"
    right = max(x for x, _ in ink)
    bottom = max(y for _, y in ink)
    assert right < width - 4 and bottom < height - 4, "content touches the picture's edge: cut off?"
