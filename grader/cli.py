"""The `kata` command.

    kata                      progress, then the next pending exercise checked once
    kata list                 every exercise with its state
    kata check [NAME ...]     check exercises (all by default); --dir, --format text|json|junit
    kata hint NAME [--all]    the next hint (or all of them)
    kata reset NAME [--yes]   restore an exercise file as shipped
    kata watch [--poll]       re-check the current exercise whenever it is saved, single-key commands
    kata solution NAME        the reference solution, once the exercise passes
    kata open [NAME]          open the current exercise in $VISUAL / $EDITOR
    kata progress [--svg F]   progress by topic, or as an SVG badge
    kata check --format classroom   a graded run for GitHub Classroom (grader.classroom)
    kata grade SUBMISSIONS --out grades.csv   batch grading for teachers (grader.grading)
    kata export DEST          a student assignment repository (grader.export)

Exit status: 0 when every checked exercise passes, 1 when one fails, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import asyncio
import shlex
import subprocess
import sys
from pathlib import Path

from rich.markup import escape

from grader import catalog as catalog_module
from grader import badge, classroom, export, grading, pristine, render, results, runner, state, trust
from grader.catalog import Catalog, CatalogError, Exercise

USAGE_ERROR = 2


class UsageError(Exception):
    """A mistake in how kata was called; the message says how to call it instead."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kata",
        description="Learn asyncio by doing: check your exercises, get hints, see your progress.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("list", help="every exercise with its state")

    check = commands.add_parser("check", help="check exercises (all of them by default)")
    check.add_argument("names", nargs="*", metavar="NAME", help="exercises to check")
    check.add_argument("--dir", type=Path, default=None,
                       help="check the files in this folder instead of exercises/ (e.g. solutions)")
    check.add_argument("--format", choices=["text", "json", "junit", "classroom"], default="text",
                       help="classroom: a graded run, as JSON for GitHub Classroom's reporter")
    check.add_argument("--pristine", type=Path, default=None, metavar="DIR",
                       help="with --format classroom: grade with the tests and config of this copy as shipped")
    check.add_argument("--jobs", type=int, default=None, help="how many exercises to check at once")

    hint = commands.add_parser("hint", help="show the next hint for an exercise")
    hint.add_argument("name", metavar="NAME")
    hint.add_argument("--all", action="store_true", help="show every hint at once")

    reset = commands.add_parser("reset", help="restore an exercise file as shipped")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--yes", action="store_true", help="do not ask before overwriting")

    watch = commands.add_parser("watch", help="re-check the current exercise every time you save it")
    watch.add_argument("--poll", action="store_true",
                       help="poll for changes instead of relying on file events (network drives, WSL)")

    solution = commands.add_parser("solution", help="show the reference solution of an exercise you solved")
    solution.add_argument("name", metavar="NAME")
    solution.add_argument("--yes", action="store_true", help="show it even though the exercise does not pass yet")

    open_ = commands.add_parser("open", help="open the current exercise (or NAME) in $VISUAL or $EDITOR")
    open_.add_argument("name", nargs="?", metavar="NAME")

    progress = commands.add_parser("progress", help="progress by topic; --svg writes a badge for your README")
    progress.add_argument("--svg", type=Path, metavar="FILE", help="write a progress bar as an SVG image")

    grading.add_parser(commands)
    export.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = render.console()
    try:
        # Graded runs and exports read the catalog they trust themselves, not the one found here.
        if args.command in ("grade", "export") or getattr(args, "format", None) == "classroom":
            own = {"grade": grading.cmd_grade, "export": export.cmd_export}
            return own.get(args.command, classroom.cmd_check_classroom)(args, out)
        catalog = catalog_module.load()
        command = {
            None: cmd_next, "list": cmd_list, "check": cmd_check, "hint": cmd_hint,
            "reset": cmd_reset, "watch": cmd_watch, "solution": cmd_solution, "open": cmd_open,
            "progress": cmd_progress,
        }[args.command]
        return command(catalog, args, out)
    except (CatalogError, UsageError, pristine.PristineError, trust.TrustError) as error:
        print(f"kata: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130


def refresh_progress(catalog: Catalog, announce: bool = True) -> state.Progress:
    """The learner's progress, with anything the state file cannot vouch for re-checked first.

    What had to be done is said in one line (`progress.notice`), on stderr when `announce`.
    """
    progress = state.load(catalog)
    if progress.corrupt:
        recheck = list(catalog.exercises)
        notice = f"Note: {state.STATE_FILE} was unreadable: rebuilding it from a check of every exercise."
    elif progress.stale:
        recheck = [e for e in catalog.exercises if e.name in progress.stale]
        notice = f"Note: re-checking {', '.join(e.name for e in recheck)}: edited since it last passed."
    else:
        return progress
    if announce:
        print(notice, file=sys.stderr)
    record_progress(catalog, progress, run_checks(catalog, recheck, catalog.root / "exercises"))
    progress.corrupt, progress.stale, progress.notice = False, [], notice
    return progress


def run_checks(catalog: Catalog, exercises: list[Exercise], kata_dir: Path, jobs: int | None = None,
           on_done=None) -> list[results.ExerciseResult]:
    # A failing display (say, a closed pipe: `kata check | head`) must not abandon the checks
    # half-way with child processes running: note the failure, finish, then raise it.
    display_error: list[BaseException] = []

    def show(result: results.ExerciseResult) -> None:
        if on_done and not display_error:
            try:
                on_done(result)
            except BaseException as error:  # noqa: BLE001 - re-raised once the checks are over
                display_error.append(error)

    checked = asyncio.run(runner.check_all(catalog, exercises, kata_dir, jobs=jobs, on_done=show))
    if display_error:
        raise display_error[0]
    return checked


def record_progress(catalog: Catalog, progress: state.Progress, checked: list[results.ExerciseResult]) -> None:
    exercises_dir = catalog.root / "exercises"
    for result in checked:
        path = exercises_dir / result.exercise.relative_path
        progress.mark(result.exercise, result.passed, state.fingerprint(path))
    state.save(catalog, progress)


# --- kata ---------------------------------------------------------------------------------------

def pending_current(catalog: Catalog, progress: state.Progress) -> Exercise | None:
    """The exercise to work on: the recorded current one until it passes, then the next pending."""
    recorded = progress.current_exercise(catalog)
    if recorded is not None and not progress.is_done(recorded):
        return recorded
    return progress.next_pending(catalog, after=recorded)


def cmd_next(catalog: Catalog, args: argparse.Namespace, out) -> int:
    progress = refresh_progress(catalog)
    total = len(catalog.exercises)
    current = pending_current(catalog, progress)
    out.print(f"[bold]asyncio kata[/bold]  {render.progress_bar(len(progress.done), total)}")
    if current is None:
        out.print("\n[green]Every exercise is done. Well done![/green] "
                  "`kata check` re-checks them all.")
        return 0
    path = catalog.root / "exercises" / current.relative_path
    out.print(f"\nChecking [bold]{current.name}[/bold] "
              f"[dim]({escape(catalog.topics.get(current.topic, current.topic))})[/dim]: "
              f"{render.link(path, catalog.root)}\n")
    progress.current = current.name
    [result] = run_checks(catalog, [current], catalog.root / "exercises")
    record_progress(catalog, progress, [result])
    if result.passed:
        following = progress.next_pending(catalog, after=current)
        out.print(f"[green]✓ {current.name} passes![/green]  "
                  f"{render.progress_bar(len(progress.done), total)}")
        if following:
            out.print(f"\nNext up: [bold]{following.name}[/bold]: "
                      f"{render.link(catalog.root / 'exercises' / following.relative_path, catalog.root)}\n"
                      "Read the lesson at the top of that file, then run `kata` again.")
        return 0
    render.diagnosis(out, result, catalog.root)
    out.print(f"\nEdit {render.link(path, catalog.root)}, then run `kata` again "
              f"(or `kata watch` to re-check on every save). Stuck? `kata hint {current.name}`.")
    command = render.editor_command(path)
    if command:
        out.print(f"[dim]Open it: {escape(shlex.join(command))}  (or `kata open`)[/dim]")
    return 1


# --- kata list ----------------------------------------------------------------------------------

def cmd_list(catalog: Catalog, args: argparse.Namespace, out) -> int:
    progress = refresh_progress(catalog)
    out.print(render.exercise_table(catalog, progress.done, progress.next_pending(catalog)))
    out.print(f"\n{render.progress_bar(len(progress.done), len(catalog.exercises))}  "
              f"[dim](from your last checks; `kata check` re-checks everything)[/dim]")
    return 0


# --- kata check ---------------------------------------------------------------------------------

def cmd_check(catalog: Catalog, args: argparse.Namespace, out) -> int:
    selected = [catalog.get(name) for name in args.names] if args.names else list(catalog.exercises)
    kata_dir = (args.dir or catalog.root / "exercises").resolve()
    if not kata_dir.is_dir():
        raise UsageError(f"--dir {args.dir}: no such folder.")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1.")
    text = args.format == "text"
    width = max(len(e.name) for e in selected)

    # Rows appear as soon as they are known, but always in catalog order.
    finished: dict[str, results.ExerciseResult] = {}
    shown = 0

    def show(result: results.ExerciseResult) -> None:
        nonlocal shown
        finished[result.exercise.name] = result
        while text and len(selected) > 1 and shown < len(selected) and selected[shown].name in finished:
            out.print(render.exercise_line(finished[selected[shown].name], width))
            shown += 1

    checked = run_checks(catalog, selected, kata_dir, jobs=args.jobs, on_done=show)
    if kata_dir == (catalog.root / "exercises").resolve():
        # A check of everything is the whole truth; otherwise keep what the state file vouches for.
        everything = len(checked) == len(catalog.exercises)
        record_progress(catalog, state.load(catalog) if everything else refresh_progress(catalog), checked)

    if args.format == "json":
        print(results.to_json(checked))
    elif args.format == "junit":
        print(results.to_junit(checked), end="")
    else:
        if len(selected) == 1:
            out.print(render.exercise_line(checked[0], width))
            if not checked[0].passed:
                out.print()
                render.diagnosis(out, checked[0], catalog.root)
        else:
            passed = sum(r.passed for r in checked)
            out.print(f"\n{render.progress_bar(passed, len(checked), label='pass')}")
    return 0 if all(r.passed for r in checked) else 1


# --- kata hint ----------------------------------------------------------------------------------

def cmd_hint(catalog: Catalog, args: argparse.Namespace, out) -> int:
    exercise = catalog.get(args.name)
    if not exercise.hints:
        out.print(f"There are no hints for {exercise.name}. Its lesson is at the top of the file.")
        return 0
    progress = refresh_progress(catalog)
    seen = progress.hints_shown.get(exercise.name, 0)
    upto = len(exercise.hints) if args.all else min(seen + 1, len(exercise.hints))
    for number, hint in enumerate(exercise.hints[:upto], 1):
        out.print(f"[bold]Hint {number}/{len(exercise.hints)}[/bold]")
        out.print(render.indent(hint) + "\n")
    if upto < len(exercise.hints):
        out.print(f"[dim]Still stuck? `kata hint {exercise.name}` again shows the next one.[/dim]")
    progress.hints_shown[exercise.name] = max(seen, upto)
    state.save(catalog, progress)
    return 0


# --- kata reset ---------------------------------------------------------------------------------

def cmd_reset(catalog: Catalog, args: argparse.Namespace, out) -> int:
    exercise = catalog.get(args.name)
    target = catalog.root / "exercises" / exercise.relative_path
    shipped = pristine.shipped_stub(catalog, exercise)
    if target.is_file() and target.read_bytes() == shipped:
        out.print(f"{exercise.name} is already as shipped; nothing to do.")
        return 0
    if target.is_file() and not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"reset would overwrite {target}; add --yes to confirm.")
        answer = input(f"Overwrite {target} with the original stub? Your changes will be lost. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            out.print("Left as it was.")
            return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(shipped)
    progress = refresh_progress(catalog)
    progress.done.pop(exercise.name, None)
    state.save(catalog, progress)
    out.print(f"Restored {render.link(target, catalog.root)} as shipped.")
    return 0


# --- kata watch ---------------------------------------------------------------------------------

def cmd_watch(catalog: Catalog, args: argparse.Namespace, out) -> int:
    from grader.watch import watch

    return watch(catalog, out, poll=args.poll)


# --- kata solution ------------------------------------------------------------------------------

def cmd_solution(catalog: Catalog, args: argparse.Namespace, out) -> int:
    exercise = catalog.get(args.name)
    path = catalog.root / "solutions" / exercise.relative_path
    if not path.is_file():
        out.print(f"This copy of the kata has no reference solution for {exercise.name}. "
                  "Your teacher may have one.")
        return 1
    progress = refresh_progress(catalog)
    if not progress.is_done(exercise) and not args.yes:
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

def cmd_open(catalog: Catalog, args: argparse.Namespace, out) -> int:
    exercise = catalog.get(args.name) if args.name else pending_current(catalog, state.load(catalog))
    if exercise is None:
        out.print("Every exercise is done: name one to open it, e.g. `kata open greet`.")
        return 0
    path = catalog.root / "exercises" / exercise.relative_path
    command = render.editor_command(path)
    if command is None:
        raise UsageError(f"Set $VISUAL or $EDITOR to your editor's command (e.g. `export EDITOR=nano`), "
                         f"or open {path} yourself.")
    try:
        return subprocess.call(command)
    except OSError as error:
        raise UsageError(f"Could not start {command[0]!r}: {error.strerror}.") from error


# --- kata progress ------------------------------------------------------------------------------

def cmd_progress(catalog: Catalog, args: argparse.Namespace, out) -> int:
    progress = refresh_progress(catalog)
    if args.svg:
        done_points = sum(e.points for e in catalog.exercises if progress.is_done(e))
        total_points = sum(e.points for e in catalog.exercises)
        try:
            args.svg.write_text(badge.progress_svg(len(progress.done), len(catalog.exercises)), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"Cannot write {args.svg}: {error.strerror}.") from error
        out.print(f"Wrote {args.svg}: {len(progress.done)}/{len(catalog.exercises)} exercises, "
                  f"{done_points}/{total_points} points. Put it in a README with ![asyncio kata]({args.svg}).")
        return 0
    out.print(render.topic_table(catalog, progress.done))
    return 0
