"""The class report: one self-contained HTML page that tells a teacher what to teach again.

    kata report --from FEEDBACK_DIR --out report.html [--anonymise [--salt SECRET]]
    python -m grader.teacher.report --from FEEDBACK_DIR --out report.html   (the same)

The page shows the class at a glance (the distribution of totals, who completed each topic), every
exercise (pass rate, partial credit, timeouts, crashes), the most common mistakes per exercise (the
diagnoses' first lines grouped by the mistake they name, each linked to the students who made it),
each student's row per exercise with the first diagnosis, and everything a score hides: unreadable
submissions, notes, protected files, grader errors.

It is one file that works from file://: styles and the one script inline, charts drawn here as SVG,
every number also in a table, nothing fetched (its Content-Security-Policy allows no connection and
only its own script and style, by hash). Every text a student can influence is escaped. Without the
script the page is complete; with it, the students' table sorts and filters, by keyboard too, and
printing opens every folded diagnosis.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from grader.errors import KataError, ReportError
from grader.teacher.classdata import (
    BINS,
    ERROR,
    FAIL,
    PASS,
    TIMEOUT,
    Cell,
    ClassData,
    Mistake,
    StudentRow,
    anonymised,
    exercise_stats,
    from_records,
    histogram,
    median,
    mistakes,
    topic_completion,
)

MESSAGE_CHARS = 4000  # a full diagnosis on the page; longer ones are cut (the feedback file has it all)
SHOWN_STUDENTS = 12  # a mistake lists this many students at once, the rest one click away
SHOWN_MISTAKES = 5  # per exercise, the rest one click away

# --- Colours -------------------------------------------------------------------------------------
# Each one reads as text on the page's white and on the panel grey (WCAG AA, 4.5:1), so the same
# colour serves a chart's bar and the word beside it; hues told apart with the common colour-vision
# deficiencies (after Okabe and Ito), and never alone: every status is also a word or a symbol.

INK, MUTED, PAPER, PANEL, LINE, LINK = "#1a1a1a", "#555555", "#ffffff", "#f3f4f6", "#8c8c8c", "#0b57d0"
OUTCOMES = {  # outcome -> (colour, label, symbol)
    PASS: ("#007a5a", "pass", "✓"),
    "partial": ("#0072b2", "partial credit", "◐"),
    FAIL: ("#c2410c", "fail, no points", "✗"),
    TIMEOUT: ("#8a6500", "timeout", "◷"),
    ERROR: ("#a3407a", "crash or grader error", "!"),
}
TINTS = {PASS: "#d3ede0", "partial": "#d5e6f5", FAIL: "#f9dccc", TIMEOUT: "#f1e4b8", ERROR: "#f3d6e7"}


def outcome_of(status: str, partial: bool) -> str:
    return "partial" if partial else status


def esc(text: object) -> str:
    """Text (learner-influenced or not) as HTML text or attribute value: never markup."""
    return html.escape(str(text), quote=True)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# --- Charts: SVG drawn here --------------------------------------------------------------------------

FONT = 13
CHAR = 0.62 * FONT  # a generous average glyph width: labels are laid out before any font is known


def text_width(text: str) -> float:
    return len(text) * CHAR


@dataclass
class Svg:
    width: int
    height: int
    title: str
    description: str
    parts: list[str]

    def __str__(self) -> str:
        ident = slug(self.title)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img" aria-labelledby="{ident}-t {ident}-d">'
                f'<title id="{ident}-t">{esc(self.title)}</title><desc id="{ident}-d">{esc(self.description)}</desc>'
                + "".join(self.parts) + "</svg>")


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{attrs}>{esc(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, label: str = "") -> str:
    tip = f"<title>{esc(label)}</title>" if label else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}">{tip}</rect>'


def nice_ticks(top: int, count: int = 5) -> list[int]:
    """Whole-number gridlines from 0 to at least `top`, about `count` of them."""
    step = max(1, -(-top // count))
    for nicer in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nicer >= step:
            step = nicer
            break
    return list(range(0, max(top, 1) + step, step))


def totals_chart(data: ClassData) -> Svg:
    counts = histogram(data)
    labels = [f"{low}–{high}" for low, high in BINS]
    width, height, left, top, bottom = 640, 260, 44, 24, 44
    ticks = nice_ticks(max(counts, default=0))
    scale = (height - top - bottom) / ticks[-1]
    slot = (width - left - 10) / len(counts)
    parts = []
    for tick in ticks:
        y = height - bottom - tick * scale
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(_text(left - 6, y + 4, str(tick), anchor="end", cls="axis"))
    for index, (count, label) in enumerate(zip(counts, labels)):
        x = left + index * slot + 4
        bar = count * scale
        parts.append(_rect(x, height - bottom - bar, slot - 8, bar, LINK, f"{label} %: {count} students"))
        if count:
            parts.append(_text(x + (slot - 8) / 2, height - bottom - bar - 5, str(count), anchor="middle"))
        parts.append(_text(x + (slot - 8) / 2, height - bottom + 16, label, anchor="middle", cls="axis"))
    parts.append(_text(left + (width - left) / 2, height - 6, "share of the points (%)", anchor="middle", cls="axis"))
    base = height - bottom
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{base}" y2="{base}" class="axis-line"/>')
    return Svg(width, height, "Distribution of totals",
               "Students per tenth of the points: " + ", ".join(f"{lab} %: {c}" for lab, c in zip(labels, counts)),
               parts)


def topics_chart(data: ClassData) -> Svg:
    rows = topic_completion(data)
    students = len(data.students)
    labels = [short_topic(data.topic_title(topic)) for topic, _, _ in rows]
    left = int(max((text_width(label) for label in labels), default=0)) + 16
    value_room = int(text_width(f"{students} of {students}")) + 12
    width, row_height, top = max(640, left + 240 + value_room), 30, 8
    height = top + row_height * len(rows) + 8
    bar_room = width - left - value_room
    parts = []
    for index, ((_, done, _), label) in enumerate(zip(rows, labels)):
        y = top + index * row_height
        parts.append(_text(left - 8, y + 19, label, anchor="end"))
        parts.append(_rect(left, y + 5, bar_room, 20, PANEL))
        length = bar_room * done / students if students else 0
        parts.append(_rect(left, y + 5, length, 20, OUTCOMES[PASS][0], f"{label}: {done} of {students} students"))
        parts.append(_text(left + length + 6, y + 19, f"{done} of {students}"))
    return Svg(width, height, "Topics completed",
               "Students who pass every exercise of a topic: "
               + ", ".join(f"{label}: {done} of {students}" for (_, done, _), label in zip(rows, labels)), parts)


def short_topic(title: str) -> str:
    """'Concurrency: tasks, gather and friends' -> 'Concurrency'."""
    return title.split(":")[0].strip()


def legend(width: int) -> tuple[list[str], int]:
    """The key of the outcome colours, wrapped to `width`: its SVG parts and its height."""
    parts, x, y = [], 0.0, 6
    for colour, name, symbol in OUTCOMES.values():
        label = f"{symbol} {name}"
        room = 19 + text_width(label) + 8
        if x and x + room > width:
            x, y = 0.0, y + 22
        parts.append(_rect(x, y, 14, 14, colour))
        parts.append(_text(x + 19, y + 12, label, cls="legend"))
        x += room
    return parts, y + 24


def exercises_chart(data: ClassData) -> Svg:
    stats = exercise_stats(data)
    students = len(data.students)
    labels = [f"{number}. {s.exercise.name}" for number, s in enumerate(stats, 1)]
    left = int(max((text_width(label) for label in labels), default=0)) + 16
    width, row_height = 760, 24
    bar_room = width - left - 64
    parts, top = legend(width)
    for index, (stat, label) in enumerate(zip(stats, labels)):
        y = top + index * row_height
        parts.append(_text(left - 8, y + 16, label, anchor="end"))
        x = float(left)
        for outcome, count in ((PASS, stat.passed), ("partial", stat.partial), (FAIL, stat.failed),
                               (TIMEOUT, stat.timeouts), (ERROR, stat.errors)):
            length = bar_room * count / students if students else 0.0
            if count:
                colour, name, _ = OUTCOMES[outcome]
                parts.append(_rect(x, y + 3, length, 18, colour, f"{stat.exercise.name}: {count} {name}"))
            x += length
        parts.append(_text(left + bar_room + 8, y + 16, f"{stat.pass_rate:.0f} %"))
    return Svg(width, top + row_height * len(stats) + 8, "Outcome per exercise",
               "Per exercise, how many students pass, earn partial credit, fail, time out or crash; "
               "the pass rate at the end of each bar. The table below has every number.", parts)


# --- The page ------------------------------------------------------------------------------------------

STYLE = f"""
:root {{ color-scheme: light; --ink: {INK}; --muted: {MUTED}; --paper: {PAPER}; --panel: {PANEL};
  --line: {LINE}; --link: {LINK}; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font: 15px/1.5 system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--ink);
  background: var(--paper); }}
header, main, footer {{ max-width: 78rem; margin: 0 auto; padding: 0 1.25rem; }}
h1 {{ font-size: 1.6rem; margin: 1.2rem 0 .2rem; }} h2 {{ font-size: 1.3rem; margin: 2.2rem 0 .6rem;
  border-bottom: 2px solid var(--line); padding-bottom: .2rem; }} h3 {{ font-size: 1.05rem; margin: 1.4rem 0 .4rem; }}
a {{ color: var(--link); }} a:visited {{ color: #6b3fa0; }}
:focus-visible {{ outline: 3px solid var(--link); outline-offset: 2px; }}
.skip {{ position: absolute; left: .5rem; top: -3rem; background: var(--paper); padding: .4rem .8rem;
  border: 2px solid var(--link); z-index: 2; }} .skip:focus {{ top: .5rem; }}
nav ul {{ list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; margin: .6rem 0 0; }}
.sub {{ color: var(--muted); margin: 0; }}
.figures {{ display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; padding: 0; }}
.figures div {{ background: var(--panel); padding: .5rem .9rem; border-radius: 6px; min-width: 9rem; }}
.figures dt {{ color: var(--muted); font-size: .85rem; }} .figures dd {{ margin: 0; font-size: 1.35rem;
  font-weight: 600; }}
.pair {{ display: grid; gap: 1rem 2rem; align-items: start; margin: 1rem 0; }}
@media (min-width: 70rem) {{ .pair {{ grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }} }}
figure {{ margin: 0; }} figcaption {{ font-weight: 600; margin-bottom: .3rem; }}
svg.chart {{ max-width: 100%; height: auto; font: {FONT}px "DejaVu Sans", "Liberation Sans", sans-serif; }}
svg text {{ fill: var(--ink); }} svg .axis, svg .legend {{ fill: var(--muted); }}
svg .grid {{ stroke: #d9d9d9; stroke-width: 1; }} svg .axis-line {{ stroke: var(--muted); stroke-width: 1; }}
svg rect {{ stroke: var(--paper); stroke-width: 1; }}
table {{ border-collapse: collapse; margin: .4rem 0 1rem; font-size: .92rem; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .3rem; }}
th, td {{ padding: .25rem .55rem; border-bottom: 1px solid #dcdcdc; text-align: left; vertical-align: top; }}
th {{ background: var(--panel); }} tbody th {{ background: none; white-space: nowrap; }}
#topics-table tbody th {{ white-space: normal; }}  /* long topic names wrap: the counts stay in view */
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
.status {{ font-weight: 600; white-space: nowrap; }}
""" + "".join(
    f".o-{name} {{ color: {colour}; }} .t-{name} {{ background: {TINTS[name]}; }}\n"
    for name, (colour, _, _) in OUTCOMES.items()
) + """
.cellkey { padding: 0 .35rem; border-radius: 3px; color: var(--ink); }
td.cell { text-align: center; min-width: 2.2rem; font-variant-numeric: tabular-nums; }
th.ex { font-weight: 600; text-align: center; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer;
  text-decoration: underline dotted; }
th[aria-sort] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.mistakes { padding-left: 1.4rem; } .mistakes li { margin: .5rem 0; }
.headline { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .88rem;
  background: var(--panel); padding: .1rem .3rem; border-radius: 3px; overflow-wrap: anywhere; }
.count { font-weight: 700; margin-left: .4rem; white-space: nowrap; }
.who { margin: .15rem 0; color: var(--muted); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); padding: .5rem .7rem;
  font-size: .82rem; max-width: 60rem; margin: .3rem 0; }
details > summary { cursor: pointer; color: var(--link); }
.student { border-top: 1px solid var(--line); margin-top: 1.2rem; }
.filter { margin: .5rem 0; } .filter input { font: inherit; padding: .25rem .4rem; width: 18rem;
  max-width: 100%; border: 1px solid #767676; border-radius: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.ok { color: #007a5a; font-weight: 600; }
@media print {
  .skip, nav, .filter { display: none !important; }
  body { font-size: 10pt; } h2 { break-before: page; } .student, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; } * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .scroll { overflow: visible; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("students-table");
  var status = document.getElementById("filter-status");
  var input = document.getElementById("student-filter");
  if (!table || !input) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  function key(row, index) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim().toLowerCase() : parseFloat(value);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = key(a, index), y = key(b, index);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  function filter() {
    var words = input.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-filter");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    status.textContent = shown + " of " + rows.length + " students shown";
  }
  input.addEventListener("input", filter);
  input.closest(".filter").hidden = false;
  filter();

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; return true;
    });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); });
})();
"""


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def render(data: ClassData, *, anonymous: bool = False) -> str:
    """The whole page, as text."""
    ids = {student.name: f"st-{number}" for number, student in enumerate(data.students, 1)}
    found = mistakes(data)
    policy = (f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    count = len(data.students)
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f"<title>Class report: {esc(data.title)}, {count} students</title>\n<style>{STYLE}</style>\n</head>\n")
    sections = [
        glance_section(data),
        exercises_section(data),
        mistakes_section(data, found, ids),
        attention_section(data, ids),
        students_section(data, ids),
    ]
    nav = "".join(f'<li><a href="#{ident}">{esc(label)}</a></li>' for ident, label in NAV)
    privacy = (" Names are pseudonyms: a student keeps theirs whenever the same class list is reported "
               "anonymised.") if anonymous else ""
    return (
        head + "<body>\n"
        '<a class="skip" href="#main">Skip to the report</a>\n'
        f"<header>\n<h1>Class report: {esc(data.title)}</h1>\n"
        f'<p class="sub">{count} students · {len(data.exercises)} exercises · {data.possible} points.{privacy}</p>\n'
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav>\n</header>\n'
        '<main id="main" tabindex="-1">\n' + "\n".join(sections) + "\n</main>\n"
        "<footer><p class=\"sub\">Partial credit: points × passing tests ÷ tests, rounded down; a timeout or a crash "
        "scores 0. Mistakes are grouped by the first line of each diagnosis, with measured numbers, quoted values "
        "and paths set aside. Written by <code>kata report</code>.</p></footer>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


NAV = (("glance", "At a glance"), ("exercises", "Exercises"), ("mistakes", "Common mistakes"),
       ("attention", "Needs attention"), ("students", "Students"))


def section(ident: str, title: str, body: str) -> str:
    return (f'<section id="{ident}" aria-labelledby="{ident}-h">\n<h2 id="{ident}-h">{esc(title)}</h2>\n'
            f'{body}\n</section>')


@dataclass(frozen=True)
class Td:
    """A table cell: escaped HTML, its class, and for numbers the key the script sorts by."""

    html: str
    cls: str = ""
    sort: float | None = None

    def markup(self, tag: str = "td", scope: str = "") -> str:
        attrs = f' scope="{scope}"' if scope else ""
        attrs += f' class="{self.cls}"' if self.cls else ""
        attrs += f' data-sort="{self.sort:g}"' if self.sort is not None else ""
        return f"<{tag}{attrs}>{self.html}</{tag}>"


def num(value: float, text: str | None = None, cls: str = "") -> Td:
    return Td(esc(text if text is not None else value), f"num {cls}".strip(), float(value))


def table(caption: str, head: list[Td], rows: list[list[Td]], *, ident: str = "",
          row_attrs: list[str] | None = None, wide: bool = False, quiet_caption: bool = False) -> str:
    """A table whose first column heads its rows; a `wide` one scrolls sideways, by keyboard too.

    A `quiet_caption` is for screen readers only (the heading above says it for the eye).
    """
    attr = f' id="{ident}"' if ident else ""
    caption_class = ' class="visually-hidden"' if quiet_caption else ""
    scroller = f' tabindex="0" role="region" aria-label="{esc(caption)}"' if wide else ""
    heads = "".join(cell.markup("th", "col") for cell in head)
    lines = []
    for index, row in enumerate(rows):
        extra = row_attrs[index] if row_attrs else ""
        cells = [row[0].markup("th", "row"), *(cell.markup() for cell in row[1:])]
        lines.append(f"<tr{extra}>{''.join(cells)}</tr>")
    return (f'<div class="scroll"{scroller}><table{attr}><caption{caption_class}>{esc(caption)}</caption>'
            f'<thead><tr>{heads}</tr></thead>'
            f"<tbody>{''.join(lines)}</tbody></table></div>")


def glance_section(data: ClassData) -> str:
    totals = [s.total for s in data.students]
    count = len(data.students)
    mean = sum(totals) / count if count else 0.0
    figures = [
        ("students", str(count)),
        ("mean points", f"{mean:.1f} / {data.possible}"),
        ("median points", f"{median(totals):g} / {data.possible}"),
        ("every exercise passes", str(sum(s.status == "complete" for s in data.students))),
        ("needs attention", str(sum(s.needs_attention for s in data.students))),
    ]
    facts = "".join(f"<div><dt>{esc(label)}</dt><dd>{esc(value)}</dd></div>" for label, value in figures)
    bins = table("Students per share of the points", [Td("share of the points"), Td("students", "num")],
                 [[Td(f"{low}–{high} %"), num(c)] for (low, high), c in zip(BINS, histogram(data))],
                 ident="totals-table")
    topics = table("Topics completed (every exercise of the topic passes)",
                   [Td("topic"), Td("exercises", "num"), Td("students", "num"), Td("share", "num")],
                   [[Td(esc(data.topic_title(topic))), num(size), num(done),
                     num(100 * done / count if count else 0, f"{100 * done / count:.0f} %" if count else "–")]
                    for topic, done, size in topic_completion(data)],
                   ident="topics-table")
    return section("glance", "The class at a glance", (
        f'<dl class="figures">{facts}</dl>\n'
        f'<div class="pair"><figure id="chart-totals"><figcaption>Distribution of totals</figcaption>'
        f"{totals_chart(data)}</figure>{bins}</div>\n"
        f'<div class="pair"><figure id="chart-topics"><figcaption>Topics completed</figcaption>'
        f"{topics_chart(data)}</figure>{topics}</div>"))


def exercises_section(data: ClassData) -> str:
    stats = exercise_stats(data)
    head = [Td("exercise"), Td("points", "num"), Td("pass", "num"), Td("pass rate", "num"),
            Td("partial credit", "num"), Td("fail, 0 points", "num"), Td("timeouts", "num"),
            Td("crashes, errors", "num"), Td("mean points", "num")]
    rows = [[Td(f'{number}. <a href="#m-{slug(s.exercise.name)}">{esc(s.exercise.name)}</a>'),
             num(s.exercise.points), num(s.passed, cls="pass"), num(s.pass_rate, f"{s.pass_rate:.0f} %", "rate"),
             num(s.partial), num(s.failed), num(s.timeouts), num(s.errors), num(s.mean_points, f"{s.mean_points:.1f}")]
            for number, s in enumerate(stats, 1)]
    attrs = [f' data-exercise="{esc(s.exercise.name)}"' for s in stats]
    return section("exercises", "Exercises", (
        f'<figure id="chart-exercises"><figcaption>Outcome per exercise</figcaption>{exercises_chart(data)}</figure>\n'
        + table("Per exercise: how many students pass, earn partial credit, fail, time out or crash",
                head, rows, ident="exercises-table", row_attrs=attrs)))


def mistakes_section(data: ClassData, found: list[list[Mistake]], ids: dict[str, str]) -> str:
    intro = ("<p>The first line of every diagnosis names a mistake. Here they are, grouped per exercise, the most "
             "common first; each links to the students who made it.</p>")
    parts = [intro]
    for number, (stats, groups) in enumerate(zip(exercise_stats(data), found), 1):
        if groups:
            parts.append(exercise_mistakes(f"{number}. {stats.exercise.name}", stats.exercise.name, groups, ids,
                                           f"{stats.students - stats.passed} of {stats.students} students do not pass"))
    if len(parts) == 1:
        parts.append('<p class="ok">Every student passes every exercise.</p>' if data.students
                     else "<p>No submission was graded.</p>")
    return section("mistakes", "Common mistakes", "\n".join(parts))


def exercise_mistakes(title: str, name: str, groups: list[Mistake], ids: dict[str, str], failing: str) -> str:
    ident = f"m-{slug(name)}"
    items = [mistake_item(group, ids) for group in groups]
    more = (f"<details><summary>{len(items) - SHOWN_MISTAKES} more mistakes</summary>"
            f'<ol class="mistakes" start="{SHOWN_MISTAKES + 1}">{"".join(items[SHOWN_MISTAKES:])}</ol></details>'
            if len(items) > SHOWN_MISTAKES else "")
    return (f'<section class="exercise-mistakes" id="{ident}" data-exercise="{esc(name)}" '
            f'aria-labelledby="{ident}-h"><h3 id="{ident}-h">{esc(title)} '
            f'<span class="sub">({esc(failing)})</span></h3>'
            f'<ol class="mistakes">{"".join(items[:SHOWN_MISTAKES])}</ol>{more}</section>')


def mistake_item(group: Mistake, ids: dict[str, str]) -> str:
    links = [f'<a href="#{ids[name]}">{esc(name)}</a>' for name in group.students]
    who = ", ".join(links[:SHOWN_STUDENTS])
    if len(links) > SHOWN_STUDENTS:
        who += (f"<details><summary>and {len(links) - SHOWN_STUDENTS} more</summary>"
                + ", ".join(links[SHOWN_STUDENTS:]) + "</details>")
    kinds = sorted(set(group.statuses) - {FAIL}, key=list(OUTCOMES).index)
    flags = "".join(f" {status_html(kind, False)}" for kind in kinds)
    wordings = (f' <span class="sub">({group.wordings} wordings; the most common shown)</span>'
                if group.wordings > 1 else "")
    return (f'<li class="mistake" data-count="{group.count}"><span class="headline">{esc(group.text)}</span>'
            f'<span class="count">×{group.count}</span>{flags}{wordings}<p class="who">{who}</p></li>')


def attention_section(data: ClassData, ids: dict[str, str]) -> str:
    def who(student: StudentRow) -> Td:
        return Td(f'<a href="#{ids[student.name]}">{esc(student.name)}</a>')

    parts = []
    if data.notes:
        parts.append("<h3>About the grading run</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in data.notes)
                     + "</ul>")
    unreadable = [s for s in data.students if s.error]
    if unreadable:
        parts.append(table("Submissions that could not be read (nothing of them was graded)",
                           [Td("student"), Td("why")], [[who(s), Td(esc(s.error))] for s in unreadable],
                           ident="unreadable-table"))
    protected = [[who(s), Td(esc(name))] for s in data.students for name in s.protected]
    if protected:
        parts.append(table("Protected files that are not as shipped (graded with the shipped versions)",
                           [Td("student"), Td("file")], protected, ident="protected-table"))
    notes = [[who(s), Td(esc(note))] for s in data.students for note in s.notes]
    if notes:
        parts.append(table("Notes about submissions (files that were not graded, and why)",
                           [Td("student"), Td("note")], notes, ident="notes-table"))
    broken = [[who(s), Td(esc(e.name)), Td(status_html(c.status, False)), Td(esc(c.headline or "(no diagnosis)"))]
              for s in data.students if not s.error  # an unreadable submission is told once, above
              for e, c in zip(data.exercises, s.cells) if c.status in (ERROR, TIMEOUT)]
    if broken:
        parts.append(table("Timeouts, crashes and grader errors (0 points: worth a look by hand)",
                           [Td("student"), Td("exercise"), Td("result"), Td("first diagnosis")], broken,
                           ident="errors-table"))
    if not parts:
        parts.append('<p class="ok">Nothing to report: every submission was read, every exercise ran to its end, '
                     "no protected file was changed.</p>")
    return section("attention", "Needs attention", "\n".join(parts))


def status_html(status: str, partial: bool) -> str:
    outcome = outcome_of(status, partial)
    return f'<span class="status o-{outcome}">{OUTCOMES[outcome][2]} {esc("partial" if partial else status)}</span>'


def students_section(data: ClassData, ids: dict[str, str]) -> str:
    head = [Td("student"), Td("points", "num"), Td("%", "num"), Td("passed", "num"), Td("status")]
    head += [Td(f'<abbr title="{esc(e.name)}">{n}</abbr><span class="visually-hidden"> {esc(e.name)}</span>', "ex")
             for n, e in enumerate(data.exercises, 1)]
    rows, attrs = [], []
    for student in data.students:
        row = [Td(f'<a href="#{ids[student.name]}">{esc(student.name)}</a>', "name"),
               num(student.total, cls="total"), num(data.percent(student), f"{data.percent(student):.1f}", "percent"),
               num(student.passed, f"{student.passed} of {len(student.cells)}"), Td(esc(student.status), "standing")]
        for exercise, cell in zip(data.exercises, student.cells):
            outcome = outcome_of(cell.status, cell.partial)
            symbol = OUTCOMES[outcome][2] if outcome in (TIMEOUT, ERROR) else ""
            title = f"{esc(exercise.name)}: {esc(OUTCOMES[outcome][1])}"
            row.append(Td(f'<span title="{title}">{symbol}{cell.score}</span>',
                          f"cell t-{outcome}", cell.score))
        rows.append(row)
        attrs.append(f' data-filter="{esc(f"{student.name} {student.status}".lower())}"')
    key = " ".join(f'<span class="cellkey t-{k}">{esc(symbol)} {esc(label)}</span>'
                   for k, (_, label, symbol) in OUTCOMES.items())
    filter_box = ('<div class="filter" hidden><label for="student-filter">Filter students by name or status </label>'
                  '<input id="student-filter" type="search" autocomplete="off"> '
                  '<span id="filter-status" role="status" aria-live="polite"></span></div>')
    details = "\n".join(student_details(data, student, ids[student.name]) for student in data.students)
    return section("students", "Students", (
        f'{filter_box}\n<p class="sub">Points per exercise; background: {key}</p>\n'
        + table("Every student, with the points of each exercise", head, rows, ident="students-table",
                row_attrs=attrs, wide=True)
        + f"\n<h3>Each student</h3>\n{details}"))


def student_details(data: ClassData, student: StudentRow, ident: str) -> str:
    rows = [[Td(f"{number}. {esc(exercise.name)}"), Td(status_html(cell.status, cell.partial)),
             num(cell.score, f"{cell.score} / {exercise.points}"),
             Td(f"{cell.tests_passed} of {cell.tests}" if cell.tests else "none ran"), Td(diagnosis_html(cell))]
            for number, (exercise, cell) in enumerate(zip(data.exercises, student.cells), 1)]
    extras = []
    if student.error:
        extras.append(f"<p><strong>Could not be read:</strong> {esc(student.error)}</p>")
    extras += [f"<p><strong>Note:</strong> {esc(note)}</p>" for note in student.notes]
    extras += [f"<p><strong>Protected file not as shipped:</strong> {esc(name)}</p>" for name in student.protected]
    summary = (f"{student.total} / {data.possible} points ({data.percent(student):.1f} %), "
               f"{student.passed} of {len(student.cells)} exercises pass, {student.status}")
    return (f'<section class="student" id="{ident}" aria-labelledby="{ident}-h"><h4 id="{ident}-h">'
            f'{esc(student.name)}</h4><p class="sub">{esc(summary)}</p>{"".join(extras)}'
            + table(f"{student.name}: every exercise", [Td("exercise"), Td("result"), Td("points", "num"),
                                                        Td("tests passing"), Td("first diagnosis")], rows,
                    quiet_caption=True)
            + "</section>")


def diagnosis_html(cell: Cell) -> str:
    """The first line of the diagnosis, and all of it one click away."""
    if cell.status == PASS:
        return ""
    message = cell.message.strip()
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + "\n… (cut here: the student's feedback file has all of it)"
    shown = esc(cell.headline or "(no diagnosis)")
    output = cell.output.strip()
    if len(output) > MESSAGE_CHARS:
        output = "…" + output[-MESSAGE_CHARS:]
    if (message and message != cell.headline) or output:
        printed = f'<p class="sub">The code printed:</p><pre class="printed">{esc(output)}</pre>' if output else ""
        shown += f"<details><summary>full diagnosis</summary><pre>{esc(message)}</pre>{printed}</details>"
    return shown


# --- Writing it ----------------------------------------------------------------------------------------

def write_report(data: ClassData, path: Path, anonymise: bool = False, salt: str | None = None) -> Path:
    """Write the page for `data` to `path` (names replaced by pseudonyms with `anonymise`)."""
    shown = anonymised(data, salt) if anonymise else data
    path = Path(path)
    page = render(shown, anonymous=anonymise)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(page, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise ReportError(f"Cannot write the class report to {path}: {error.strerror or error}.") from None
    return path


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR",
                        help="the --feedback folder of `kata grade` (its <student>.json records)")
    parser.add_argument("--out", type=Path, required=True, metavar="HTML", help="where to write the page")
    add_privacy_arguments(parser)


def add_privacy_arguments(parser: argparse.ArgumentParser) -> None:
    """--anonymise and --salt: for `kata report`, and for `kata grade --report`."""
    parser.add_argument("--anonymise", action="store_true",
                        help="replace student names by stable pseudonyms, for sharing with colleagues")
    parser.add_argument("--salt", default=None, metavar="SECRET",
                        help="key of the pseudonyms (default: derived from the class list; give a secret of yours "
                             "if readers of the page may know the class list)")


def cmd_report(args: argparse.Namespace) -> int:
    if args.salt and not args.anonymise:
        raise ReportError("--salt only means something with --anonymise.")
    started = time.perf_counter()
    data = from_records(args.source)
    path = write_report(data, args.out, anonymise=args.anonymise, salt=args.salt)
    print(f"Class report of {len(data.students)} students: {path} ({path.stat().st_size / 1024:.0f} KiB, "
          f"{time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.teacher.report",
                                     description="Write the class report from the records of `kata grade`.")
    add_report_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return cmd_report(args)
    except KataError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
