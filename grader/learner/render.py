"""How results look in a terminal, and as plain text anywhere else.

rich prints colour and clickable links (OSC 8) only on a terminal, and honours NO_COLOR; piped
into a file or a CI log, the same calls give plain text with no escape codes.
"""
from __future__ import annotations

import os
import re
import shlex
from collections.abc import Collection
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.segment import Segment
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from grader.catalog import Catalog, Exercise, total_points
from grader.figure import Figure
from grader.formats.text import bar
from grader.learner import timeline
from grader.results import ExerciseResult, Status, TestResult

STYLE = {Status.PASS: "green", Status.FAIL: "red", Status.ERROR: "red", Status.TIMEOUT: "yellow"}


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def link(path: Path, root: Path, line: int | None = None) -> str:
    """Markup for a path the learner can click: relative to the current folder, file:// target."""
    absolute = path if path.is_absolute() else root / path
    try:
        shown = str(absolute.relative_to(Path.cwd()))
    except ValueError:
        shown = str(absolute)
    if line:
        shown += f":{line}"
    return f"[link={absolute.as_uri()}]{escape(shown)}[/link]"


def progress_bar(done: int, total: int, width: int = 30, label: str = "done") -> str:
    blocks = bar(done, total, width)
    filled = blocks.count("█")
    return f"[green]{blocks[:filled]}[/green][dim]{blocks[filled:]}[/dim] {done}/{total} {label}"


class Hanging:
    """Text wrapped to the width available, every line indented by `indent`, the first one starting with
    `lead` instead: "✗ say_after  main_concurrent is still ..." wraps under its own start. Unlike a
    table or rich's Padding, it adds no trailing spaces to the lines."""

    def __init__(self, text: Text, indent: int, lead: Text | None = None) -> None:
        self.text, self.indent, self.lead = text, indent, lead

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(20, options.max_width - self.indent)
        lines = self.text.wrap(console, width, justify="default", overflow="fold") if self.text.plain else [Text()]
        for number, line in enumerate(lines):
            lead = self.lead if number == 0 and self.lead is not None else Text()
            line.rstrip()
            shown = Text.assemble(lead, " " * (self.indent - len(lead)), line, no_wrap=True, overflow="ignore")
            yield shown


class Indented:
    """Any renderable, indented, with blank lines above and below, and no trailing spaces."""

    def __init__(self, renderable: RenderableType, indent: int, *, above: int = 0, below: int = 0) -> None:
        self.renderable, self.indent, self.above, self.below = renderable, indent, above, below

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update_width(max(20, options.max_width - self.indent))
        yield from [Segment.line()] * self.above
        for line in console.render_lines(self.renderable, inner, pad=False):
            yield Segment(" " * self.indent)
            yield from line
            yield Segment.line()
        yield from [Segment.line()] * self.below


def exercise_line(result: ExerciseResult, width: int) -> Hanging:
    """"✗ say_after  <the first line of its diagnosis>": the diagnosis wraps under its own start."""
    status = result.status
    lead = Text(status.symbol, style=STYLE.get(status, "red")) + Text(f" {result.exercise.name}")
    return Hanging(Text("" if result.passed else result.headline, style="dim"), width + 4, lead)


MOST_DIAGNOSES = 3  # distinct diagnoses told in full; further failing tests get one line each


def diagnosis(out: Console, result: ExerciseResult, root: Path | None = None) -> None:
    """Print the full story of a failing exercise (see `diagnosis_view`)."""
    out.print(diagnosis_view(result, root, plain=plain_figures(out)), soft_wrap=False)


def plain_figures(out: Console) -> bool:
    """Figures in ASCII without a terminal or with NO_COLOR, in Unicode blocks otherwise."""
    return not out.is_terminal or out.no_color


def diagnosis_view(result: ExerciseResult, root: Path | None = None, *, plain: bool = False) -> Group:
    """The full story of a failing exercise, one failing test at a time.

    Each diagnosis is told once, under the first test that measured it, with the other tests that
    found the same mistake named "(also in: ...)". A message reads diagnosis first, then evidence
    (timelines, the blocking line), then a hint; `path:line` references become links (relative to
    `root`), and the first timeline figure is drawn under its message.
    """
    root = root or Path.cwd()
    if not result.tests:
        return Group(_message(result.message, root))
    parts: list[RenderableType] = []
    groups = _same_diagnosis(result.tests)
    shown = figure_shown(result)
    for tests in groups[:MOST_DIAGNOSES]:
        first = tests[0]
        parts.append(_test_heading(first, tests[1:]))
        evidence, hint = _split_hint(first.message or "(no message)")
        parts.append(_message(evidence, root))
        if shown is not None and shown[0] in tests:
            parts.append(Indented(timeline.terminal(shown[1], plain=plain), 2, above=1, below=1))
        if hint:
            parts.append(_message(hint, root))
        output = next((t.output.strip() for t in tests if t.output.strip()), "")
        if output:
            printed, note = _last_lines(output, OUTPUT_LINES)
            parts.append(Text.from_markup(f"[dim]  Your code printed{note}:[/dim]"))
            parts.append(Text(indent_plain(printed, prefix="  │ ")))
        parts.append(Text())
    for tests in groups[MOST_DIAGNOSES:]:
        parts.append(_test_heading(tests[0], tests[1:], headline=True))
    if groups[MOST_DIAGNOSES:]:
        parts.append(Text())
    parts.append(Text.from_markup(f"[dim]{result.tests_summary}{_not_run(result)}.[/dim]"))
    return Group(*parts)


def figure_shown(result: ExerciseResult) -> tuple[TestResult, Figure] | None:
    """The one timeline figure a diagnosis draws (one is enough to see the mistake, and keeps the screen
    short): the first among the diagnoses told in full, with the test that drew it."""
    for tests in _same_diagnosis(result.tests)[:MOST_DIAGNOSES]:
        for test in tests:
            if test.figure is not None:
                return test, test.figure
    return None


def _same_diagnosis(tests: list[TestResult]) -> list[list[TestResult]]:
    """The failing tests, grouped by the first line of their diagnosis, in the order they ran."""
    groups: dict[str, list[TestResult]] = {}
    for test in tests:
        if test.status not in (Status.PASS, Status.NOT_RUN, Status.SKIPPED):
            groups.setdefault(_first_line(test.message), []).append(test)
    return list(groups.values())


def _split_hint(message: str) -> tuple[str, str]:
    """(diagnosis and evidence, the closing "Hint: ..." lines): a figure goes between the two."""
    lines = message.rstrip().splitlines()
    for index in range(len(lines) - 1, 0, -1):
        if lines[index].startswith("Hint: "):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return message, ""


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def test_title(test: TestResult) -> str:
    """"test_concurrent_takes_two_seconds" -> "concurrent takes two seconds"."""
    return test.name.removeprefix("test_").replace("_", " ")


def _test_heading(test: TestResult, others: list[TestResult], *, headline: bool = False) -> Hanging:
    """"✗ concurrent takes two seconds (also in: ...)": one line per failing test (wrapping under its
    own start); with `headline`, the first line of its diagnosis follows."""
    text = Text.from_markup(f"[bold]{escape(test_title(test))}[/bold]")
    if test.status is not Status.FAIL:
        text.append(f" ({_STATUS_WORDS.get(test.status, test.status.value)})", style="dim")
    if others:
        text.append(f" (also in: {', '.join(test_title(t) for t in others)})", style="dim")
    if headline:
        text.append(f": {_first_line(test.message)}", style="dim")
    return Hanging(text, 2, Text(test.status.symbol, style=STYLE.get(test.status, "red")))


_STATUS_WORDS = {Status.ERROR: "crashed", Status.TIMEOUT: "timed out"}


def _not_run(result: ExerciseResult) -> str:
    count = sum(t.status is Status.NOT_RUN for t in result.tests)
    return f"; {count} not run after a test was stopped" if count else ""


def _message(message: str, root: Path) -> RenderableType:
    """A diagnosis, indented; each line wraps under its own indentation, so it fits any width."""
    lines = []
    for line in message.rstrip().splitlines():
        stripped = line.lstrip()
        depth = 2 + len(line) - len(stripped)
        lines.append(Hanging(Text.from_markup(linkify(escape(stripped), root)), depth))
    return Group(*lines)


def indent_plain(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in text.rstrip().splitlines())


OUTPUT_LINES = 15
# "exercises/02_concurrency/say_after.py:12" in a diagnosis: a place in the learner's code.
_PLACE = re.compile(r"(?P<path>[\w./\\-]+\.py):(?P<line>\d+)")


def linkify(markup: str, root: Path) -> str:
    """Turn `path:line` references to existing files into clickable links (plain text elsewhere)."""
    def to_link(match: re.Match[str]) -> str:
        path = Path(match["path"])
        absolute = path if path.is_absolute() else root / path
        if not absolute.is_file():
            return match[0]
        return f"[link={absolute.resolve().as_uri()}]{match[0]}[/link]"

    return _PLACE.sub(to_link, markup)


def _last_lines(text: str, count: int) -> tuple[str, str]:
    """The last `count` lines of captured output, and a note saying what was left out."""
    lines = text.splitlines()
    if len(lines) <= count:
        return text, ""
    return "\n".join(lines[-count:]), f" (last {count} of {len(lines)} lines)"


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + escape(line) for line in text.rstrip().splitlines())


def exercise_table(catalog: Catalog, done: set[str], current: Exercise | None) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("#", "topic", "exercise", "state", "points"):
        table.add_column(column, justify="right" if column in ("#", "points") else "left")
    for number, exercise in enumerate(catalog.exercises, 1):
        if exercise.name in done:
            state = "[green]✓ done[/green]"
        elif exercise is current:
            state = "[yellow]→ next[/yellow]"
        else:
            state = "[dim]· pending[/dim]"
        table.add_row(str(number), exercise.topic, exercise.name, state, str(exercise.points))
    return table


def editor_command(path: Path) -> list[str] | None:
    """The learner's editor command for `path` ($VISUAL, else $EDITOR), e.g. ["code", "-w", path]."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    try:
        words = shlex.split(editor)
    except ValueError:  # unbalanced quotes: take it as one command name
        words = [editor]
    return [*words, str(path)] if words else None


def source(out: Console, path: Path, root: Path) -> None:
    """A source file, highlighted with line numbers on a terminal, plain elsewhere."""
    out.print(link(path, root) + "\n")
    text = path.read_text(encoding="utf-8")
    if out.is_terminal and not out.no_color:
        out.print(Syntax(text, "python", line_numbers=True, word_wrap=True))
    else:
        out.print(escape(text), end="")


def topic_table(catalog: Catalog, done: Collection[str]) -> Table:
    """One row per topic: its number and short title, a small bar, points, and what it is about.

    Nothing wraps: on a narrow terminal the last column, the detail of the title after its colon, is
    cut short with an ellipsis, so every topic stays on one row.
    """
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("topic", no_wrap=True)
    table.add_column("progress", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("about")  # the one column that gives way: its cells are cut, never wrapped
    for topic, title in catalog.topics.items():
        exercises = catalog.in_topic(topic)
        if not exercises:
            continue
        finished = [e for e in exercises if e.name in done]
        number = topic.split("_", 1)[0]
        short, _, about = title.partition(": ")
        table.add_row(f"{escape(number)} {escape(short)}", progress_bar(len(finished), len(exercises), width=10),
                      f"{total_points(finished)}/{total_points(exercises)}",
                      Text(about, style="dim", no_wrap=True, overflow="ellipsis"))
    earned = total_points(e for e in catalog.exercises if e.name in done)
    table.add_row("[bold]all[/bold]", progress_bar(len(done), len(catalog.exercises), width=10),
                  f"[bold]{earned}/{catalog.points}[/bold]", "")
    return table
