"""The `kata` command: one parser for the learner's, the teacher's and the maintainer's commands.

    kata                      progress, then the next pending exercise checked once
    kata list                 every exercise with its state
    kata check [NAME ...]     check exercises (all by default); --dir, --format text|json|junit
    kata hint NAME [--all]    the next hint (or all of them)
    kata reset NAME [--yes]   restore an exercise file as shipped
    kata watch [--poll]       re-check the current exercise whenever it is saved, single-key commands
    kata solution NAME        the reference solution, once the exercise passes
    kata open [NAME]          open the current exercise in $VISUAL / $EDITOR
    kata progress [--svg F]   progress by topic, or as an SVG badge
    kata check --format F     a graded run for a teaching platform (grader.teacher)
    kata grade SUBMISSIONS    batch grading for teachers (grader.teacher)
    kata export DEST          the assignment for a class or a platform (grader.teacher)
    kata dev ...              maintainer commands (grader.dev), not listed in --help

Exit status: 0 when every checked exercise passes, 1 when one fails, 2 for a usage error, 3 when the
grader could not check an exercise (a grader error: a broken installation, not the learner's code).
"""
from __future__ import annotations

import argparse
import sys

from grader.dev import commands as dev_commands
from grader.errors import KataError
from grader.learner import commands as learner_commands
from grader.learner import render
from grader.teacher import commands as teacher_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kata",
        description="Learn asyncio by doing: check your exercises, get hints, see your progress.",
    )
    parser.set_defaults(handler=learner_commands.cmd_next)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    learner_commands.register(commands, graded=teacher_commands.GRADED_FORMATS,
                              graded_handler=teacher_commands.cmd_check_graded,
                              graded_options=teacher_commands.add_graded_options)
    teacher_commands.register(commands)
    dev_commands.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args, render.console()))
    except KataError as error:
        print(f"kata: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
