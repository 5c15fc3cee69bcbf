"""The learner's commands: `kata`, list, check, hint, reset, watch, solution, open and progress.

Each command is a thin layer over the session (grader.learner.session), which owns every change of
progress, and the renderer (grader.learner.render), which owns how things look.
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from grader import catalog as catalog_module
from grader import shipped
from grader.catalog import Catalog
from grader.errors import UsageError
from grader.formats import machine
from grader.learner import badge, render, timeline
from grader.learner.session import Session
from grader.results import GRADER_ERROR_NOTE, ExerciseResult, exit_code

Handler = Callable[[argparse.Namespace, Console], int]


def register(commands: argparse._SubParsersAction, *, graded: Iterable[str] = (),
             graded_handler: Handler | None = None,
             graded_options: Callable[[argparse.ArgumentParser], None] | None = None) -> None:
    """Add the learner's commands. `graded` names the formats of graded runs (a teacher's platform),
    which `kata check --format` hands to `graded_handler`; `graded_options` adds their options."""
    commands.add_parser("list", help="every exercise with its state").set_defaults(handler=cmd_list)

    graded = list(graded)
    check = commands.add_parser("check", help="check exercises (all of them by default)")
    check.add_argument("names", nargs="*", metavar="NAME", help="exercises to check")
    check.add_argument("--dir", type=Path, default=None,
                       help="check the files in this folder instead of exercises/ (e.g. solutions)")
    check.add_argument("--format", choices=["text", "json", "junit", *graded], default="text",
                       help="json or junit for scripts and CI dashboards"
                       + (f"; {', '.join(graded)}: a graded run for a teaching platform" if graded else ""))
    if graded and graded_options:
        graded_options(check)
    check.add_argument("--jobs", type=int, default=None, help="how many exercises to check at once")
    check.add_argument("--timeline", type=Path, default=None, metavar="FILE.svg",
                       help="with one NAME: write the timeline its diagnosis draws as an SVG picture")
    check.set_defaults(handler=cmd_check, graded=set(graded), graded_handler=graded_handler)

    hint = commands.add_parser("hint", help="show the next hint for an exercise")
    hint.add_argument("name", metavar="NAME")
    hint.add_argument("--all", action="store_true", help="show every hint at once")
    hint.set_defaults(handler=cmd_hint)

    reset = commands.add_parser("reset", help="restore an exercise file as shipped")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--yes", action="store_true", help="do not ask before overwriting")
    reset.set_defaults(handler=cmd_reset)

    watch = commands.add_parser("watch", help="re-check the current exercise every time you save it")
    watch.add_argument("--poll", action="store_true",
                       help="poll for changes instead of relying on file events (network drives, WSL)")
    watch.set_defaults(handler=cmd_watch)

    solution = commands.add_parser("solution", help="show the reference solution of an exercise you solved")
    solution.add_argument("name", metavar="NAME")
    solution.add_argument("--yes", action="store_true", help="show it even though the exercise does not pass yet")
    solution.set_defaults(handler=cmd_solution)

    open_ = commands.add_parser("open", help="open the current exercise (or NAME) in $VISUAL or $EDITOR")
    open_.add_argument("name", nargs="?", metavar="NAME")
    open_.set_defaults(handler=cmd_open)

    progress = commands.add_parser("progress", help="progress by topic; --svg writes a badge for your README")
    progress.add_argument("--svg", type=Path, metavar="FILE", help="write a progress bar as an SVG image")
    progress.set_defaults(handler=cmd_progress)


def session_here(announce: bool = True) -> Session:
    """The session of the kata around the current folder, with anything stale re-checked first."""
    session = Session(catalog_module.load())
    notice = session.refresh_notice()
    if notice and announce:
        print(notice, file=sys.stderr)
    session.refresh()
    return session


# --- kata ---------------------------------------------------------------------------------------

def cmd_next(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    catalog = session.catalog
    current = session.current()
    out.print(f"[bold]asyncio kata[/bold]  {render.progress_bar(session.done_count, session.total)}")
    if current is None:
        out.print("\n[green]Every exercise is done. Well done![/green] `kata check` re-checks them all.")
        return 0
    path = catalog.exercise_file(current)
    out.print(f"\nChecking [bold]{current.name}[/bold] [dim]({escape(catalog.topic_title(current.topic))})[/dim]: "
              f"{render.link(path, catalog.root)}\n")
    session.make_current(current)
    [result] = session.check([current])
    if result.passed:
        following = session.next_pending(after=current)
        out.print(f"[green]✓ {current.name} passes![/green]  {render.progress_bar(session.done_count, session.total)}")
        if following:
            out.print(f"\nNext up: [bold]{following.name}[/bold]: "
                      f"{render.link(catalog.exercise_file(following), catalog.root)}\n"
                      "Read the lesson at the top of that file, then run `kata` again.")
        return 0
    render.diagnosis(out, result, catalog.root)
    if result.grader_error:
        return exit_code([result])
    out.print(f"\nEdit {render.link(path, catalog.root)}, then run `kata` again "
              f"(or `kata watch` to re-check on every save). Stuck? `kata hint {current.name}`.")
    command = render.editor_command(path)
    if command:
        out.print(f"[dim]Open it: {escape(shlex.join(command))}  (or `kata open`)[/dim]")
    return 1


# --- kata list ----------------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    out.print(render.exercise_table(session.catalog, session.done_names(), session.next_pending()))
    out.print(f"\n{render.progress_bar(session.done_count, session.total)}  "
              f"[dim](from your last checks; `kata check` re-checks everything)[/dim]")
    return 0


# --- kata check ---------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace, out: Console) -> int:
    if args.format in args.graded:
        # A graded run reads the catalog it trusts itself, not the one found here.
        return int(args.graded_handler(args, out))
    session = Session(catalog_module.load())
    catalog = session.catalog
    selected = catalog.select(args.names)
    kata_dir = (args.dir or catalog.exercises_dir).resolve()
    _check_options(args, kata_dir, len(selected))
    text = args.format == "text"
    width = max(len(e.name) for e in selected)

    # Rows appear as soon as they are known, but always in catalog order.
    finished: dict[str, ExerciseResult] = {}
    shown = 0

    def show(result: ExerciseResult) -> None:
        nonlocal shown
        finished[result.exercise.name] = result
        while text and len(selected) > 1 and shown < len(selected) and selected[shown].name in finished:
            out.print(render.exercise_line(finished[selected[shown].name], width))
            shown += 1

    checked = session.check(selected, kata_dir=kata_dir, jobs=args.jobs, on_done=show)
    if args.format == "json":
        print(machine.to_json(checked))
    elif args.format == "junit":
        print(machine.to_junit(checked), end="")
    elif len(selected) == 1:
        out.print(render.exercise_line(checked[0], width))
        if not checked[0].passed:
            out.print()
            render.diagnosis(out, checked[0], catalog.root)
        if args.timeline is not None:
            write_timeline(out, checked[0], args.timeline)
    else:
        passed = sum(r.passed for r in checked)
        out.print(f"\n{render.progress_bar(passed, len(checked), label='pass')}")
    _say_grader_errors(checked)
    return exit_code(checked)


def _say_grader_errors(checked: list[ExerciseResult]) -> None:
    not_checked = [r.exercise.name for r in checked if r.grader_error]
    if not_checked:
        print(f"kata: GRADER ERROR: {len(not_checked)} exercise(s) could not be checked ({', '.join(not_checked)}). "
              f"{GRADER_ERROR_NOTE}", file=sys.stderr)


def _check_options(args: argparse.Namespace, kata_dir: Path, count: int) -> None:
    if not kata_dir.is_dir():
        raise UsageError(f"--dir {args.dir}: no such folder.")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1.")
    if args.timeline is not None and (count != 1 or args.format != "text"):
        raise UsageError("--timeline draws the diagnosis of one exercise: name exactly one, e.g. "
                         "`kata check say_after --timeline say_after.svg`.")


def write_timeline(out: Console, result: ExerciseResult, target: Path) -> None:
    """The timeline figure of `result`'s diagnosis, as a standalone SVG at `target`."""
    shown = render.figure_shown(result)
    if shown is None:
        name = escape(result.exercise.name)
        why = f"{name} passes" if result.passed else f"the diagnosis of {name} has no timeline to draw"
        out.print(f"\n[dim]No timeline written: {why}.[/dim]")
        return
    test, figure = shown
    try:
        target.write_text(timeline.svg(figure, title=f"{result.exercise.name}: {render.test_title(test)}"),
                          encoding="utf-8")
    except OSError as error:
        raise UsageError(f"Cannot write {target}: {error.strerror}.") from error
    out.print(f"\nWrote the timeline to {render.link(target.resolve(), Path.cwd())}.")


# --- kata hint ----------------------------------------------------------------------------------

def cmd_hint(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    exercise = session.catalog.get(args.name)
    if not exercise.hints:
        out.print(f"There are no hints for {exercise.name}. Its lesson is at the top of the file.")
        return 0
    shown = session.reveal_hint(exercise, every=args.all)
    for number, hint in enumerate(shown, 1):
        out.print(f"[bold]Hint {number}/{len(exercise.hints)}[/bold]")
        out.print(render.indent(hint) + "\n")
    if len(shown) < len(exercise.hints):
        out.print(f"[dim]Still stuck? `kata hint {exercise.name}` again shows the next one.[/dim]")
    return 0


# --- kata reset ---------------------------------------------------------------------------------

def cmd_reset(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    catalog = session.catalog
    exercise = catalog.get(args.name)
    target = catalog.exercise_file(exercise)
    if target.is_file() and shipped.is_shipped(catalog, exercise):
        out.print(f"{exercise.name} is already as shipped; nothing to do.")
        return 0
    if target.is_file() and not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"reset would overwrite {target}; add --yes to confirm.")
        answer = input(f"Overwrite {target} with the original stub? Your changes will be lost. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            out.print("Left as it was.")
            return 1
    session.reset(exercise)
    out.print(f"Restored {render.link(target, catalog.root)} as shipped.")
    return 0


# --- kata watch ---------------------------------------------------------------------------------

def cmd_watch(args: argparse.Namespace, out: Console) -> int:
    from grader.learner.watch import watch  # termios: POSIX only, so imported only when asked for

    with Session(catalog_module.load()) as session:  # one warm runner for the whole session
        return watch(session, out, poll=args.poll)


# --- kata solution ------------------------------------------------------------------------------

def cmd_solution(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    catalog = session.catalog
    exercise = catalog.get(args.name)
    path = catalog.solution_file(exercise)
    if not path.is_file():
        out.print(f"This copy of the kata has no reference solution for {exercise.name}. "
                  "Your teacher may have one.")
        return 1
    if not session.is_done(exercise) and not args.yes:
        warning = (f"{exercise.name} does not pass yet. Reading the solution now spoils the lesson: "
                   "the struggle is where the learning happens. Try `kata hint "
                   f"{exercise.name}` first.")
        if not sys.stdin.isatty():
            raise UsageError(f"{warning} To read it anyway, add --yes.")
        out.print(warning)
        if input("Show the solution anyway? [y/N] ").strip().lower() not in ("y", "yes"):
            out.print("Good call. You can do it!")
            return 1
    render.source(out, path, catalog.root)
    return 0


# --- kata open ----------------------------------------------------------------------------------

def cmd_open(args: argparse.Namespace, out: Console) -> int:
    session = Session(catalog_module.load())
    exercise = session.catalog.get(args.name) if args.name else session.current()
    if exercise is None:
        out.print("Every exercise is done: name one to open it, e.g. `kata open greet`.")
        return 0
    path = session.catalog.exercise_file(exercise)
    command = render.editor_command(path)
    if command is None:
        raise UsageError(f"Set $VISUAL or $EDITOR to your editor's command (e.g. `export EDITOR=nano`), "
                         f"or open {path} yourself.")
    try:
        return subprocess.call(command)
    except OSError as error:
        raise UsageError(f"Could not start {command[0]!r}: {error.strerror}.") from error


# --- kata progress ------------------------------------------------------------------------------

def cmd_progress(args: argparse.Namespace, out: Console) -> int:
    session = session_here()
    catalog: Catalog = session.catalog
    if args.svg:
        try:
            args.svg.write_text(badge.progress_svg(session.done_count, session.total), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"Cannot write {args.svg}: {error.strerror}.") from error
        out.print(f"Wrote {args.svg}: {session.done_count}/{session.total} exercises, "
                  f"{session.earned_points()}/{catalog.points} points. Put it in a README with "
                  f"![asyncio kata]({args.svg}).")
        return 0
    out.print(render.topic_table(catalog, session.done_names()))
    return 0
