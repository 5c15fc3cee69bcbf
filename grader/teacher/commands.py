"""The teacher's commands: graded checks for platforms, `kata grade` for a class, `kata export`."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from grader import catalog as catalog_module
from grader.catalog import Catalog
from grader.engine import trust
from grader.errors import CatalogError, ExportError, GradingError
from grader.formats import ci, classroom, classroom50, gradescope, prairielearn
from grader.formats.text import commands_stopped
from grader.results import GRADER_ERROR_EXIT, exit_code, percent
from grader.teacher import classdata, export, gradebook, graded, platforms, report, submissions
from grader.teacher.grading import STATUS_GRADER_ERROR, Graded, grade


@dataclass(frozen=True)
class GradedFormat:
    """`kata check --format NAME`: a graded run, published the way one platform reads it."""

    publish: Callable[[graded.GradedRun, Path | None, float], int]  # (run, --out, seconds taken) -> exit status
    flat: bool = False  # the platform hands over files one by one: <name>.py is read too


def _write_json(document: dict, out: Path | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)


def _publish_json(document: Callable[[graded.GradedRun, float], dict]) -> Callable[..., int]:
    def publish(run: graded.GradedRun, out: Path | None, seconds: float) -> int:
        _write_json(document(run, seconds), out)
        return exit_code(run.results)
    return publish


GRADED_FORMATS: dict[str, GradedFormat] = {
    "classroom50": GradedFormat(lambda run, out, _: classroom50.publish(run.results, run.findings, out)),
    "gradescope": GradedFormat(_publish_json(
        lambda run, seconds: gradescope.results_document(run.results, run.findings, seconds)), flat=True),
    "prairielearn": GradedFormat(_publish_json(
        lambda run, _: prairielearn.results_document(run.results, run.findings)), flat=True),
    "ci": GradedFormat(lambda run, out, _: ci.publish(run.results, run.findings, out)),
    "classroom": GradedFormat(lambda run, _out, _: classroom.publish(run.results, run.findings)),  # legacy
}


def add_graded_options(check: argparse.ArgumentParser) -> None:
    """The options of `kata check` that only graded runs (--format classroom50, gradescope, ...) take."""
    check.add_argument("--pristine", type=Path, default=None, metavar="DIR",
                       help="graded runs: the tests and config of this copy of the assignment as shipped")
    check.add_argument("--out", type=Path, default=None, metavar="PATH",
                       help="graded runs: where to write (a file; classroom50: a folder; default: standard "
                            "output, classroom50: the current folder)")
    check.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                       help="graded runs: stop after this long; exercises not checked by then are not graded")


def cmd_check_graded(args: argparse.Namespace, out: Console) -> int:
    chosen = GRADED_FORMATS[args.format]
    started = time.monotonic()
    run = graded.run_checkout(args.names, folder=args.dir, pristine=args.pristine, jobs=args.jobs,
                              flat=chosen.flat, time_limit=args.time_limit)
    return chosen.publish(run, args.out, time.monotonic() - started)


def register(commands: argparse._SubParsersAction) -> None:
    grade_parser = commands.add_parser("grade", help="grade a folder of student submissions into a CSV gradebook")
    grade_parser.add_argument("submissions", nargs="?", type=Path, metavar="SUBMISSIONS",
                              help="folder of student repositories (folders) or .zip files")
    grade_parser.add_argument("--out", type=Path, required=True, metavar="CSV", help="where to write the gradebook")
    grade_parser.add_argument("--feedback", type=Path, metavar="DIR",
                              help="write a Markdown feedback file per student here")
    grade_parser.add_argument("--jobs", type=int, default=None,
                              help="how many exercises to grade at once (default: cores)")
    grade_parser.add_argument("--shard", default=None, metavar="I/N",
                              help="grade only every N-th student, from the I-th")
    grade_parser.add_argument("--pristine", type=Path, default=None, metavar="DIR",
                              help="the assignment as shipped (default: the kata this runs in)")
    grade_parser.add_argument("--merge", nargs="+", type=Path, metavar="CSV", help="join the CSVs of several shards")
    grade_parser.add_argument("--report", type=Path, metavar="HTML",
                              help="also write a class report: the hard exercises and the common mistakes")
    report.add_privacy_arguments(grade_parser)
    grade_parser.set_defaults(handler=cmd_grade)

    report_parser = commands.add_parser("report", help="a class report (HTML) from the records of `kata grade`")
    report.add_report_arguments(report_parser)
    report_parser.set_defaults(handler=lambda args, out: report.cmd_report(args))

    export_parser = commands.add_parser("export", help="write the assignment for a class or a platform (no solutions)")
    export_parser.add_argument("dest", type=Path, metavar="DEST", help="an empty or new folder")
    export_parser.add_argument("--for", dest="target", choices=platforms.TARGETS, default="repo",
                               help="repo: the student repository alone (default); classroom50, gradescope: "
                                    "the template and the platform's autograder, with TEACHER.md; "
                                    "github-actions, gitlab: the repository with a grading workflow")
    export_parser.add_argument("--topics", default=None, metavar="T1,T2", help="only these topics (e.g. 01_coroutines)")
    export_parser.add_argument("--exercises", default=None, metavar="N1,N2", help="only these exercises")
    export_parser.add_argument("--classroom", default="", metavar="C", help="classroom50: the classroom's short name")
    export_parser.add_argument("--assignment", default="", metavar="S", help="classroom50: the assignment's slug")
    export_parser.add_argument("--python", default="", metavar="X.Y",
                               help="classroom50, gradescope: the Python the class is graded on "
                                    "(default: 3.14 for classroom50, Classroom 50's default; 3.12 for gradescope)")
    export_parser.add_argument("--template", default="", metavar="GROUP/NAME",
                               help="github-actions, gitlab: the repository of the assignment as shipped")
    export_parser.add_argument("--ref", default="", metavar="TAG",
                               help="github-actions, gitlab: its tag (or commit) to grade with")
    export_parser.set_defaults(handler=cmd_export)


# --- kata grade ---------------------------------------------------------------------------------

def cmd_grade(args: argparse.Namespace, out: Console) -> int:
    if args.merge:
        if args.submissions is not None or args.shard or args.feedback or args.report:
            raise GradingError("--merge takes only the CSV parts and --out.")
        return gradebook.merge(args.merge, args.out)
    students = _students_to_grade(args)
    actions = os.environ.get("GITHUB_ACTIONS") == "true"
    catalog, class_grades, class_data = _grade_class(args, students, actions)
    _write_class_outputs(args, catalog, class_grades, class_data)
    console = Console(highlight=False, soft_wrap=True)
    with commands_stopped(sys.stdout) if actions else nullcontext():
        console.print(summary_table(class_grades, catalog))
    mean = sum(g.total for g in class_grades) / len(class_grades) if class_grades else 0.0
    console.print(f"{len(class_grades)} submissions graded, mean {mean:.1f} / {catalog.points} points. "
                  f"Gradebook: {args.out}" + (f", feedback: {args.feedback}/" if args.feedback else "")
                  + (f", report: {args.report}" if args.report else ""), markup=False)
    return _grader_errors(class_grades, Console(stderr=True, highlight=False))


def _grader_errors(class_grades: list[Graded], err: Console) -> int:
    """Say so, loudly, when the grader could not check some exercise: those rows are not grades."""
    failed = [g for g in class_grades if g.status == STATUS_GRADER_ERROR]
    if not failed:
        return 0
    cells = sum(r.grader_error for g in failed for r in g.results)
    first = next(r for g in failed for r in g.results if r.grader_error)
    err.print(f"GRADER ERROR: {cells} exercise(s) of {len(failed)} submission(s) could not be checked by the "
              f'grader; their rows say "{STATUS_GRADER_ERROR}" and score 0 for now. Fix the installation and '
              f"grade again. First cause ({first.exercise.name}):", markup=False, highlight=False)
    err.print(first.message, markup=False, highlight=False)
    return GRADER_ERROR_EXIT


def _students_to_grade(args: argparse.Namespace) -> list[tuple[str, Path]]:
    if args.submissions is None:
        raise GradingError("Say which folder of submissions to grade: kata grade SUBMISSIONS --out grades.csv")
    if args.jobs is not None and args.jobs < 1:
        raise GradingError("--jobs must be at least 1.")
    if args.salt and not args.anonymise:
        raise GradingError("--salt only means something with --anonymise.")
    students = submissions.shard_of(submissions.discover(args.submissions), args.shard)
    feedback_names = [gradebook.safe_name(student) for student, _ in students]
    if args.feedback and len(set(feedback_names)) != len(feedback_names):
        raise GradingError("Two students' names give the same feedback file name; rename one submission.")
    return students


def _grade_class(args: argparse.Namespace, students: list[tuple[str, Path]],
                 actions: bool) -> tuple[Catalog, list[Graded], classdata.ClassData]:
    err = Console(stderr=True, highlight=False)
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=args.pristine or catalog_module.find_root(), graded=None)
        catalog = prepared.catalog
        for line in prepared.findings.notes:
            err.print(f"[yellow]![/yellow] {escape(line)}", highlight=False)
        read = [submissions.read_submission(student, path, catalog) for student, path in students]
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err, transient=False)
        noted = len(prepared.findings.notes)
        with commands_stopped(sys.stderr) if actions else nullcontext(), progress:
            class_grades = grade(prepared, read, jobs=args.jobs, progress=progress)
        for line in prepared.findings.notes[noted:]:  # what the checks did to the grader's files
            err.print(f"[yellow]![/yellow] {escape(line)}", highlight=False)
        return catalog, class_grades, classdata.from_graded(class_grades, catalog, prepared.findings.notes)


def _write_class_outputs(args: argparse.Namespace, catalog: Catalog, class_grades: list[Graded],
                         class_data: classdata.ClassData) -> None:
    """The gradebook, and as asked: feedback (with the records `kata report --from` reads), the report."""
    gradebook.write_atomically(args.out, gradebook.csv_text(gradebook.header(catalog),
                                                            [gradebook.row(g, catalog) for g in class_grades]))
    if args.feedback:
        for item in class_grades:
            gradebook.write_atomically(args.feedback / f"{gradebook.safe_name(item.submission.student)}.md",
                                       gradebook.feedback_markdown(item, catalog))
        classdata.write_records(class_data, args.feedback)
    if args.report:
        report.write_report(class_data, args.report, anonymise=args.anonymise, salt=args.salt)


def summary_table(class_grades: list[Graded], catalog: Catalog) -> Table:
    table = Table(title="Grades", box=None, pad_edge=False)
    for column, justify in (("student", "left"), ("points", "right"), ("%", "right"), ("passing", "right"),
                            ("status", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for item in sorted(class_grades, key=lambda g: g.submission.student):
        passing = sum(r.passed for r in item.results)
        style = {"complete": "green", "unreadable": "red", STATUS_GRADER_ERROR: "bold magenta"}.get(item.status, "")
        table.add_row(escape(item.submission.student), f"{item.total}/{catalog.points}",
                      f"{percent(item.total, catalog.points):.1f}", f"{passing}/{len(item.results)}",
                      f"[{style}]{item.status}[/]" if style else item.status)
    return table


# --- kata export --------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace, out: Console) -> int:
    catalog = catalog_module.load()
    dest = args.dest.resolve()
    if dest == catalog.root or any(dest.is_relative_to(catalog.root / f) for f in ("exercises", "tests", "grader")):
        raise ExportError(f"{args.dest}: export into a folder of its own, outside this kata's files.")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(f"{args.dest} is not empty: export into a new or empty folder.")
    options = platforms.Options(args.target, args.classroom, args.assignment, args.python, args.template, args.ref)
    platforms.check_options(options)
    try:
        chosen = export.select(catalog, export.names(args.topics), export.names(args.exercises))
    except CatalogError as error:
        raise ExportError(str(error)) from None
    created = not dest.exists()
    try:
        platforms.export(catalog, dest, chosen, options)
    except BaseException:
        if created:  # no half-written assignment is left behind
            shutil.rmtree(dest, ignore_errors=True)
        raise
    points = catalog_module.total_points(chosen)
    out.print(f"Exported {len(chosen)} exercises ({points} points) to {dest}", markup=False, highlight=False)
    next_step = (f"Next: follow {dest / 'TEACHER.md'}" if (dest / "TEACHER.md").is_file()
                 else "Next: see the README of the kata, For teachers.")
    out.print(next_step, markup=False, highlight=False)
    return 0
