"""`kata dev`: the maintainer's commands. They are not in `kata --help`'s list: learners never need them.

    kata dev new NAME --topic T --clock virtual|real   scaffold an exercise from templates
    kata dev check [NAME ...]                           every rule the self-tests enforce, in seconds
    kata dev update                                     rewrite the derived files
    kata dev mutants [NAME ...]                         mutation testing of the suites
"""
from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.markup import escape

from grader import catalog as catalog_module
from grader.dev import checking, generated, mutants, rules, scaffold


def register(commands: argparse._SubParsersAction) -> None:
    # No help= here: that is what keeps `dev` out of the list in `kata --help`.
    dev = commands.add_parser("dev", description="Maintainer commands: scaffold, check and update exercises.")
    dev.set_defaults(handler=lambda args, out: dev.print_help() or 2)
    verbs = dev.add_subparsers(dest="dev_command", metavar="VERB")

    new = verbs.add_parser("new", help="scaffold an exercise: stub, solution, suite, variants, catalog entry")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--topic", required=True, metavar="NN_TOPIC", help="e.g. 06_sync (a new one is added)")
    new.add_argument("--clock", required=True, choices=catalog_module.CLOCKS)
    new.add_argument("--points", type=int, default=10)
    new.set_defaults(handler=cmd_new)

    check = verbs.add_parser("check", help="every rule the self-tests enforce, for some exercises or all")
    check.add_argument("names", nargs="*", metavar="NAME")
    check.add_argument("--jobs", type=int, default=None, help="suites to run at once (default: cores)")
    check.set_defaults(handler=cmd_check)

    update = verbs.add_parser("update", help="rewrite the derived files (README table, stubs manifest)")
    update.set_defaults(handler=cmd_update)

    mutants_parser = verbs.add_parser("mutants", help="mutation testing: do the suites kill asyncio mistakes?")
    mutants.add_arguments(mutants_parser)
    mutants_parser.set_defaults(handler=lambda args, out: mutants.run(args))


def cmd_new(args: argparse.Namespace, out: Console) -> int:
    catalog = catalog_module.load()
    for path in scaffold.new_exercise(catalog, args.name, args.topic, args.clock, args.points):
        out.print(f"wrote {path.relative_to(catalog.root)}", markup=False, highlight=False)
    out.print(f"Next: write the lesson, the suite and the solution, then `kata dev check {args.name}` says "
              "what is left.", markup=False, highlight=False)
    return 0


def cmd_check(args: argparse.Namespace, out: Console) -> int:
    started = time.monotonic()
    catalog = catalog_module.load()
    chosen = catalog.select(args.names)
    reports = checking.check(catalog, chosen, jobs=args.jobs)
    kata_wide = rules.kata_wide(catalog)
    for report in reports:
        if report.problems:
            out.print(f"[red]✗[/red] {report.exercise.name}")
            for problem in report.problems:
                first, *rest = problem.splitlines()
                out.print(f"  - {escape(first)}")
                for line in rest[:12]:
                    out.print(f"      {escape(line)}", style="dim")
        else:
            out.print(f"[green]✓[/green] {report.exercise.name}  [dim]({report.checked} suites run)[/dim]")
    for problem in kata_wide:
        out.print(f"[red]✗[/red] {escape(problem)}")
    failing = sum(bool(r.problems) for r in reports) + bool(kata_wide)
    out.print(f"\n{len(reports) - sum(bool(r.problems) for r in reports)} of {len(reports)} exercises keep every "
              f"rule{'; the kata has problems too' if kata_wide else ''}. ({time.monotonic() - started:.1f} s)")
    return 1 if failing else 0


def cmd_update(args: argparse.Namespace, out: Console) -> int:
    catalog = catalog_module.load()
    for path in generated.update(catalog):
        out.print(f"wrote {path.relative_to(catalog.root)}", markup=False, highlight=False)
    return 0
