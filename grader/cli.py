"""The `kata` command.

    kata                      progress, then the next pending exercise checked once
    kata list                 every exercise with its state
    kata check [NAME ...]     check exercises (all by default); --dir, --format text|json|junit
    kata hint NAME [--all]    the next hint (or all of them)
    kata reset NAME [--yes]   restore an exercise file as shipped
    kata watch                re-check the current exercise whenever it is saved

Exit status: 0 when every checked exercise passes, 1 when one fails, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from rich.markup import escape

from grader import catalog as catalog_module
from grader import pristine, render, results, runner, state
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
    check.add_argument("--format", choices=["text", "json", "junit"], default="text")
    check.add_argument("--jobs", type=int, default=None, help="how many exercises to check at once")

    hint = commands.add_parser("hint", help="show the next hint for an exercise")
    hint.add_argument("name", metavar="NAME")
    hint.add_argument("--all", action="store_true", help="show every hint at once")

    reset = commands.add_parser("reset", help="restore an exercise file as shipped")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--yes", action="store_true", help="do not ask before overwriting")

    commands.add_parser("watch", help="re-check the current exercise every time you save it")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = render.console()
    try:
        catalog = catalog_module.load()
        command = {
            None: cmd_next, "list": cmd_list, "check": cmd_check, "hint": cmd_hint,
            "reset": cmd_reset, "watch": cmd_watch,
        }[args.command]
        return command(catalog, args, out)
    except (CatalogError, UsageError, pristine.PristineError) as error:
        print(f"kata: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130


def _progress(catalog: Catalog) -> state.Progress:
    progress = state.load(catalog)
    if progress.notice:
        print(progress.notice, file=sys.stderr)
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
    for result in checked:
        (progress.done.add if result.passed else progress.done.discard)(result.exercise.name)
    state.save(catalog, progress)


# --- kata ---------------------------------------------------------------------------------------

def cmd_next(catalog: Catalog, args: argparse.Namespace, out) -> int:
    progress = _progress(catalog)
    total = len(catalog.exercises)
    current = progress.next_pending(catalog)
    out.print(f"[bold]asyncio kata[/bold]  {render.progress_bar(len(progress.done), total)}")
    if current is None:
        out.print("\n[green]Every exercise is done. Well done![/green] "
                  "`kata check` re-checks them all.")
        return 0
    path = catalog.root / "exercises" / current.relative_path
    out.print(f"\nChecking [bold]{current.name}[/bold] "
              f"[dim]({escape(catalog.topics.get(current.topic, current.topic))})[/dim]: "
              f"{render.link(path, catalog.root)}\n")
    [result] = run_checks(catalog, [current], catalog.root / "exercises")
    record_progress(catalog, progress, [result])
    if result.passed:
        following = progress.next_pending(catalog)
        out.print(f"[green]✓ {current.name} passes![/green]  "
                  f"{render.progress_bar(len(progress.done), total)}")
        if following:
            out.print(f"\nNext up: [bold]{following.name}[/bold]: "
                      f"{render.link(catalog.root / 'exercises' / following.relative_path, catalog.root)}\n"
                      "Read the lesson at the top of that file, then run `kata` again.")
        return 0
    render.diagnosis(out, result)
    out.print(f"\nEdit {render.link(path, catalog.root)}, then run `kata` again "
              f"(or `kata watch` to re-check on every save). Stuck? `kata hint {current.name}`.")
    command = render.editor_hint(path)
    if command:
        out.print(f"[dim]Open it: {escape(command)}[/dim]")
    return 1


# --- kata list ----------------------------------------------------------------------------------

def cmd_list(catalog: Catalog, args: argparse.Namespace, out) -> int:
    progress = _progress(catalog)
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
        record_progress(catalog, _progress(catalog), checked)

    if args.format == "json":
        print(results.to_json(checked))
    elif args.format == "junit":
        print(results.to_junit(checked), end="")
    else:
        if len(selected) == 1:
            out.print(render.exercise_line(checked[0], width))
            if not checked[0].passed:
                out.print()
                render.diagnosis(out, checked[0])
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
    progress = _progress(catalog)
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
    progress = _progress(catalog)
    progress.done.discard(exercise.name)
    state.save(catalog, progress)
    out.print(f"Restored {render.link(target, catalog.root)} as shipped.")
    return 0


# --- kata watch ---------------------------------------------------------------------------------

def cmd_watch(catalog: Catalog, args: argparse.Namespace, out) -> int:
    from grader.watch import watch

    return watch(catalog, out)
