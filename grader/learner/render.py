"""How results look in a terminal, and as plain text anywhere else.

rich prints colour and clickable links (OSC 8) only on a terminal, and honours NO_COLOR; piped
into a file or a CI log, the same calls give plain text with no escape codes.
"""
from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from grader.catalog import Catalog, Exercise, total_points
from grader.formats.text import bar
from grader.results import ExerciseResult, Status

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


def exercise_line(result: ExerciseResult, width: int) -> str:
    status = result.status
    text = f"[{STYLE.get(status, 'red')}]{status.symbol}[/] {result.exercise.name}"
    if not result.passed:
        padding = " " * (width - len(result.exercise.name))
        text += f"{padding}  [dim]{escape(result.headline)}[/dim]"
    return text


def diagnosis(out: Console, result: ExerciseResult, root: Path | None = None) -> None:
    """The full story of a failing exercise: each failing test's message, indented.

    A message reads diagnosis first, then evidence (timelines, the blocking line), then the
    learner's own frames; `path:line` references in it become links (relative to `root`).
    """
    failing = [t for t in result.tests if t.status is not Status.PASS]
    if not result.tests:
        out.print(indent(result.message))
        return
    # Tests that fail for the same reason are told once, so the first screen shows distinct problems.
    by_message: dict[str, list] = {}
    for test in failing:
        if test.status is not Status.NOT_RUN:
            by_message.setdefault(test.message, []).append(test)
    for message, tests in list(by_message.items())[:3]:
        labels = ", ".join(t.name.removeprefix("test_").replace("_", " ") for t in tests)
        out.print(f"[bold]{escape(labels)}[/bold] [dim]({tests[0].status})[/dim]")
        out.print(linkify(indent(message or "(no message)"), root or Path.cwd()))
        output = next((t.output.strip() for t in tests if t.output.strip()), "")
        if output:
            shown, note = _last_lines(output, OUTPUT_LINES)
            out.print(f"[dim]  Your code printed{note}:[/dim]")
            out.print(indent(shown, prefix="  │ "))
        out.print()
    hidden = sum(len(tests) for tests in list(by_message.values())[3:])
    if hidden > 0:
        out.print(f"[dim]...and {hidden} more failing test(s). `kata check {result.exercise.name}` "
                  "shows the same; fix these first.[/dim]")
    out.print(f"[dim]{result.tests_summary}.[/dim]")


OUTPUT_LINES = 15
# "exercises/02_concurrency/say_after.py:12" in a diagnosis: a place in the learner's code.
_PLACE = re.compile(r"(?P<path>[\w./\\-]+\.py):(?P<line>\d+)")


def linkify(markup: str, root: Path) -> str:
    """Turn `path:line` references to existing files into clickable links (plain text elsewhere)."""
    def to_link(match: re.Match) -> str:
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


def topic_table(catalog: Catalog, done) -> Table:
    """One row per topic: a small bar, exercises done and points earned."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("topic", "progress", "points"):
        table.add_column(column, justify="right" if column == "points" else "left")
    for topic, title in catalog.topics.items():
        exercises = catalog.in_topic(topic)
        if not exercises:
            continue
        finished = [e for e in exercises if e.name in done]
        table.add_row(f"{topic}  [dim]{escape(title)}[/dim]",
                      progress_bar(len(finished), len(exercises), width=10),
                      f"{total_points(finished)}/{total_points(exercises)}")
    earned = total_points(e for e in catalog.exercises if e.name in done)
    table.add_row("[bold]all[/bold]", progress_bar(len(done), len(catalog.exercises), width=10),
                  f"[bold]{earned}/{catalog.points}[/bold]")
    return table
