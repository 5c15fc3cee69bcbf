"""`kata dev`: the maintainer's commands. They are not in `kata --help`'s list: learners never need them.

    kata dev update       rewrite the derived files (the README's exercise table, the stubs manifest)
"""
from __future__ import annotations

import argparse

from rich.console import Console

from grader import catalog as catalog_module
from grader.dev import generated


def register(commands: argparse._SubParsersAction) -> None:
    # No help= here: that is what keeps `dev` out of the list in `kata --help`.
    dev = commands.add_parser("dev", description="Maintainer commands: scaffold, check and mutation-test exercises.")
    dev.set_defaults(handler=lambda args, out: dev.print_help() or 2)
    verbs = dev.add_subparsers(dest="dev_command", metavar="VERB")
    update = verbs.add_parser("update", help="rewrite the derived files (README table, stubs manifest)")
    update.set_defaults(handler=cmd_update)


def cmd_update(args: argparse.Namespace, out: Console) -> int:
    catalog = catalog_module.load()
    for path in generated.update(catalog):
        out.print(f"wrote {path.relative_to(catalog.root)}", markup=False, highlight=False)
    return 0
