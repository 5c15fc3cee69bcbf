"""How results look in a terminal, and as plain text anywhere else.

rich prints colour and clickable links (OSC 8) only on a terminal, and honours NO_COLOR; piped
into a file or a CI log, the same calls give plain text with no escape codes.
"""
from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.catalog import Catalog, Exercise
from grader.results import ExerciseResult

MARK = {"pass": "✓", "fail": "✗", "error": "✗", "timeout": "⏱"}
STYLE = {"pass": "green", "fail": "red", "error": "red", "timeout": "yellow"}


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
    filled = round(width * done / total) if total else width
    return f"[green]{'█' * filled}[/green][dim]{'░' * (width - filled)}[/dim] {done}/{total} {label}"


def exercise_line(result: ExerciseResult, width: int) -> str:
    status = result.status
    text = f"[{STYLE[status]}]{MARK[status]}[/] {result.exercise.name}"
    if not result.passed:
        padding = " " * (width - len(result.exercise.name))
        text += f"{padding}  [dim]{escape(result.headline)}[/dim]"
    return text


def diagnosis(out: Console, result: ExerciseResult) -> None:
    """The full story of a failing exercise: each failing test's message, indented."""
    failing = [t for t in result.tests if t.status != "pass"]
    if not result.tests:
        out.print(indent(result.message))
        return
    # Tests that fail for the same reason are told once, so the first screen shows distinct problems.
    by_message: dict[str, list] = {}
    for test in failing:
        if test.status != "not run":
            by_message.setdefault(test.message, []).append(test)
    for message, tests in list(by_message.items())[:3]:
        labels = ", ".join(t.name.removeprefix("test_").replace("_", " ") for t in tests)
        out.print(f"[bold]{escape(labels)}[/bold] [dim]({tests[0].status})[/dim]")
        out.print(indent(message or "(no message)"))
        output = next((t.output.strip() for t in tests if t.output.strip()), "")
        if output:
            out.print("[dim]  Your code printed:[/dim]")
            out.print(indent(output[-800:], prefix="  │ "))
        out.print()
    hidden = sum(len(tests) for tests in list(by_message.values())[3:])
    if hidden > 0:
        out.print(f"[dim]...and {hidden} more failing test(s). `kata check {result.exercise.name}` "
                  "shows the same; fix these first.[/dim]")
    passed = sum(t.status == "pass" for t in result.tests)
    out.print(f"[dim]{passed} of {len(result.tests)} tests pass.[/dim]")


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


def editor_hint(path: Path) -> str | None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    return f"{editor} {path}" if editor else None
