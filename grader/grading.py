"""`kata grade`: batch grading for the teacher.

    kata grade SUBMISSIONS --out grades.csv [--feedback DIR] [--jobs N] [--shard I/N] [--pristine DIR]
    kata grade --merge part1.csv part2.csv ... --out grades.csv

SUBMISSIONS is a folder with one entry per student: a folder (a clone of their repository) or a
.zip file (GitHub's "Download ZIP" works). Only each student's exercises/<topic>/<name>.py files are
taken, size-limited, never through symbolic links, never extracted by the names in the archive; the
tests, the catalog and the config are the pristine ones (the kata this command runs in, or
--pristine DIR). Every distinct exercise file is graded once, in its own process with a time bound,
as many at a time as there are cores; a byte-identical file gets the identical result.

The gradebook is deterministic: one row per student sorted by name, fixed columns (student, the
points of each exercise in catalog order, total, percent, status), whole points, the percentage with
one decimal. A re-run over the same submissions writes the same bytes. `--shard I/N` grades every
N-th student starting at the I-th (1-based), so N CI jobs share a class; `--merge` joins their CSVs.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import io
import os
import re
import stat
import sys
import tempfile
import zipfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from grader import catalog as catalog_module
from grader import runner, trust
from grader.catalog import Catalog, Exercise
from grader.classroom import commands_stopped, markdown_cell, passing_tests, score
from grader.results import ERROR, ExerciseResult

MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_BYTES = 512 * 1024 * 1024
STATUS_COMPLETE, STATUS_INCOMPLETE, STATUS_UNREADABLE = "complete", "incomplete", "unreadable"


def add_parser(commands) -> None:
    grade = commands.add_parser("grade", help="grade a folder of student submissions into a CSV gradebook")
    grade.add_argument("submissions", nargs="?", type=Path, metavar="SUBMISSIONS",
                       help="folder of student repositories (folders) or .zip files")
    grade.add_argument("--out", type=Path, required=True, metavar="CSV", help="where to write the gradebook")
    grade.add_argument("--feedback", type=Path, metavar="DIR", help="write a Markdown feedback file per student here")
    grade.add_argument("--jobs", type=int, default=None, help="how many exercises to grade at once (default: cores)")
    grade.add_argument("--shard", default=None, metavar="I/N", help="grade only every N-th student, from the I-th")
    grade.add_argument("--pristine", type=Path, default=None, metavar="DIR",
                       help="the assignment as shipped (default: the kata this runs in)")
    grade.add_argument("--merge", nargs="+", type=Path, metavar="CSV", help="join the CSVs of several shards")


class GradingError(trust.TrustError):
    """`kata grade` was called wrongly; the message says how to call it."""


# --- Submissions --------------------------------------------------------------------------------

@dataclass
class Submission:
    student: str
    source: Path
    files: dict[str, bytes] = field(default_factory=dict)  # exercise name -> content
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def discover(folder: Path) -> list[tuple[str, Path]]:
    """(student, path) for every submission in `folder`, sorted by student."""
    if not folder.is_dir():
        raise GradingError(f"{folder}: no such folder of submissions.")
    found: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir():
            student = entry.name
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            student = entry.name[: -len(".zip")]
        else:
            continue
        if student in found:
            raise GradingError(f"Two submissions for {student}: {found[student].name} and {entry.name}. Keep one.")
        found[student] = entry
    return sorted(found.items())


def shard_of(students: list[tuple[str, Path]], shard: str | None) -> list[tuple[str, Path]]:
    if shard is None:
        return students
    match = re.fullmatch(r"(\d+)/(\d+)", shard)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise GradingError(f"--shard {shard}: write it as I/N with 1 <= I <= N, e.g. --shard 2/4.")
    index, count = int(match[1]), int(match[2])
    return students[index - 1::count]


def read_submission(student: str, path: Path, catalog: Catalog) -> Submission:
    submission = Submission(student, path)
    try:
        if path.is_dir():
            _read_folder(submission, path, catalog)
        else:
            _read_zip(submission, path, catalog)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, ValueError) as error:
        submission.files.clear()
        submission.error = f"{path.name} cannot be read: {type(error).__name__}: {error}"
    if submission.error is None and not submission.files:
        submission.notes.append("No exercise files were found (exercises/<topic>/<name>.py).")
    return submission


def _read_folder(submission: Submission, path: Path, catalog: Catalog) -> None:
    # A clone, or a folder holding one (as a download often is): the first with an exercises/ folder.
    candidates = [path, *sorted(p for p in path.iterdir() if p.is_dir() and not p.is_symlink())]
    base = next((c for c in candidates if (c / "exercises").is_dir() and not (c / "exercises").is_symlink()), None)
    if base is None:
        return
    for exercise in catalog.exercises:
        content, problem = trust.read_exercise(base / "exercises", exercise)
        if content is not None:
            submission.files[exercise.name] = content
        elif problem and not problem.endswith("is missing."):
            submission.notes.append(problem)


_MEMBER = re.compile(r"(?:(?P<prefix>[^/]+)/)?exercises/(?P<topic>[^/]+)/(?P<name>[^/]+)\.py")


def _read_zip(submission: Submission, path: Path, catalog: Catalog) -> None:
    wanted = {(e.topic, e.name): e for e in catalog.exercises}
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError(f"more than {MAX_ZIP_MEMBERS} entries")
        # Names are only matched, never used as paths: nothing is extracted where the archive says.
        by_prefix: dict[str, dict[Exercise, zipfile.ZipInfo]] = {}
        for info in members:
            match = _MEMBER.fullmatch(info.filename)
            if match and (match["topic"], match["name"]) in wanted:
                by_prefix.setdefault(match["prefix"] or "", {})[wanted[match["topic"], match["name"]]] = info
        if not by_prefix:
            return
        prefix = "" if "" in by_prefix else sorted(by_prefix, key=lambda p: (-len(by_prefix[p]), p))[0]
        budget = MAX_ZIP_BYTES
        for exercise, info in sorted(by_prefix[prefix].items(), key=lambda item: item[0].name):
            shown = f"exercises/{exercise.relative_path.as_posix()}"
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                submission.notes.append(f"{shown} is a symbolic link: only regular files are graded.")
            elif info.flag_bits & 0x1:
                submission.notes.append(f"{shown} is encrypted: not graded.")
            elif info.file_size > trust.MAX_EXERCISE_BYTES:
                submission.notes.append(f"{shown} is larger than {trust.MAX_EXERCISE_BYTES // 1024} KiB: not graded.")
            else:
                with archive.open(info) as member:
                    content = member.read(trust.MAX_EXERCISE_BYTES + 1)
                budget -= len(content)
                if len(content) > trust.MAX_EXERCISE_BYTES or budget < 0:
                    submission.notes.append(f"{shown} is larger than its entry says: not graded.")
                else:
                    submission.files[exercise.name] = content


# --- Grading ------------------------------------------------------------------------------------

@dataclass
class Graded:
    submission: Submission
    results: list[ExerciseResult]

    @property
    def total(self) -> int:
        return sum(score(r) for r in self.results)

    @property
    def status(self) -> str:
        if self.submission.error:
            return STATUS_UNREADABLE
        return STATUS_COMPLETE if all(r.passed for r in self.results) else STATUS_INCOMPLETE


def grade(prepared: trust.Prepared, submissions: list[Submission], *, jobs: int | None,
          progress: Progress | None = None) -> list[Graded]:
    """Grade every submission; each distinct (exercise, file content) runs once."""
    catalog = prepared.catalog
    unique: dict[tuple[str, str], list[Submission]] = {}
    for submission in submissions:
        for name, content in submission.files.items():
            unique.setdefault((name, hashlib.sha256(content).hexdigest()), []).append(submission)
    cells = len(submissions) * len(catalog.exercises)
    task = progress.add_task("grading", total=max(cells, 1)) if progress else None
    skipped = cells - sum(len(users) for users in unique.values())
    if progress:
        progress.advance(task, skipped)

    staged: dict[tuple[str, str], tuple[Exercise, Path]] = {}
    for number, ((name, digest), users) in enumerate(sorted(unique.items())):
        exercise = catalog.get(name)
        work = prepared.private / "u" / str(number)
        trust.stage_file(users[0].files[name], exercise, work)
        staged[name, digest] = (exercise, work)

    async def run_all() -> dict[tuple[str, str], ExerciseResult]:
        slots = asyncio.Semaphore(jobs or os.cpu_count() or 1)

        async def one(key: tuple[str, str]) -> tuple[tuple[str, str], ExerciseResult]:
            exercise, work = staged[key]
            if exercise.name in prepared.ungradable:
                result = ExerciseResult(exercise, ERROR, prepared.ungradable[exercise.name])
            else:
                async with slots:
                    result = await runner.check_sealed(exercise, work / "exercises", prepared.sealed, cwd=work)
            _scrub(result, prepared, work)
            if progress:
                progress.advance(task, len(unique[key]))
            return key, result

        return dict(await asyncio.gather(*(one(key) for key in staged)))

    outcomes = asyncio.run(run_all()) if staged else {}
    graded = []
    for submission in submissions:
        results = []
        for exercise in catalog.exercises:
            content = submission.files.get(exercise.name)
            if content is None:
                shown = f"exercises/{exercise.relative_path.as_posix()}"
                why = submission.error or f"{shown} is not in the submission."
                results.append(ExerciseResult(exercise, ERROR, why))
            else:
                results.append(outcomes[exercise.name, hashlib.sha256(content).hexdigest()])
        graded.append(Graded(submission, results))
    return graded


def _scrub(result: ExerciseResult, prepared: trust.Prepared, work: Path) -> None:
    for holder in (result, *result.tests):
        holder.message = prepared.scrub(holder.message.replace(f"{work}{os.sep}", ""))


# --- The gradebook ------------------------------------------------------------------------------

def header(catalog: Catalog) -> list[str]:
    return ["student", *(e.name for e in catalog.exercises), "total", "percent", "status"]


def row(graded: Graded, catalog: Catalog) -> list[str]:
    possible = sum(e.points for e in catalog.exercises)
    percent = 100 * graded.total / possible if possible else 0.0
    return [spreadsheet_safe(graded.submission.student), *(str(score(r)) for r in graded.results),
            str(graded.total), f"{percent:.1f}", graded.status]


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a name like "=HYPERLINK(...)")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(head: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(sorted(rows, key=lambda r: r[0]))
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                     prefix=f".{path.name}.", delete=False) as temporary:
        temporary.write(text)
    os.replace(temporary.name, path)


def merge(parts: list[Path], out: Path) -> int:
    head: list[str] | None = None
    rows: dict[str, list[str]] = {}
    for part in parts:
        try:
            with open(part, newline="", encoding="utf-8") as file:
                lines = list(csv.reader(file))
        except OSError as error:
            raise GradingError(f"{part}: {error.strerror or error}") from None
        if not lines:
            raise GradingError(f"{part} is empty: not a kata gradebook.")
        if head is None:
            head = lines[0]
        elif lines[0] != head:
            raise GradingError(f"{part} has other columns than {parts[0]}: were they graded with the same kata?")
        for line in lines[1:]:
            if line and rows.setdefault(line[0], line) != line:
                raise GradingError(f"{line[0]} is in two parts with different grades; grade them again.")
    write_atomically(out, csv_text(head or [], list(rows.values())))
    print(f"Merged {len(parts)} parts: {len(rows)} students in {out}", file=sys.stderr)
    return 0


# --- Feedback -----------------------------------------------------------------------------------

def safe_name(student: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", student).strip(".") or "student"
    return name[:100]


def fence(text: str) -> str:
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


def feedback_markdown(graded: Graded, catalog: Catalog) -> str:
    possible = sum(e.points for e in catalog.exercises)
    passed = sum(r.passed for r in graded.results)
    percent = 100 * graded.total / possible if possible else 0.0
    lines = [f"# Feedback: {markdown_cell(graded.submission.student, 100)}", "",
             f"**{graded.total} / {possible} points ({percent:.1f} %)**: {passed} of {len(graded.results)} "
             "exercises pass.", ""]
    if graded.submission.error:
        lines += [f"**Your submission could not be read.** {markdown_cell(graded.submission.error, 400)}", ""]
    lines += ["| # | Exercise | Result | Points | Tests |", "|---:|---|---|---:|---|"]
    for number, result in enumerate(graded.results, 1):
        lines.append(f"| {number} | `{result.exercise.name}` | {result.status} | {score(result)} / "
                     f"{result.exercise.points} | {passing_tests(result)} |")
    for result in graded.results:
        if not result.passed and result.message.strip():
            lines += ["", f"## {result.exercise.name}: {result.status}", "", fence(result.message.strip())]
    if graded.submission.notes:
        lines += ["", "## Notes", ""] + [f"- {markdown_cell(note, 400)}" for note in graded.submission.notes]
    lines += ["", "Partial credit: points × passing tests ÷ tests, rounded down; a timeout or crash scores 0. "
                  "Only the files in exercises/ were graded, against the assignment's own tests.", ""]
    return "\n".join(lines)


# --- The command --------------------------------------------------------------------------------

def cmd_grade(args: argparse.Namespace, out) -> int:
    if args.merge:
        if args.submissions is not None or args.shard or args.feedback:
            raise GradingError("--merge takes only the CSV parts and --out.")
        return merge(args.merge, args.out)
    if args.submissions is None:
        raise GradingError("Say which folder of submissions to grade: kata grade SUBMISSIONS --out grades.csv")
    if args.jobs is not None and args.jobs < 1:
        raise GradingError("--jobs must be at least 1.")
    students = shard_of(discover(args.submissions), args.shard)
    feedback_names = [safe_name(student) for student, _ in students]
    if args.feedback and len(set(feedback_names)) != len(feedback_names):
        raise GradingError("Two students' names give the same feedback file name; rename one submission.")
    pristine_dir = args.pristine or catalog_module.find_root()
    err = Console(stderr=True, highlight=False)
    actions = os.environ.get("GITHUB_ACTIONS") == "true"
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=pristine_dir, graded=None)
        catalog = prepared.catalog
        for line in prepared.findings.notes:
            err.print(f"[yellow]![/yellow] {escape(line)}", highlight=False)
        submissions = [read_submission(student, path, catalog) for student, path in students]
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err, transient=False)
        with commands_stopped(sys.stderr) if actions else nullcontext(), progress:
            graded = grade(prepared, submissions, jobs=args.jobs, progress=progress)

    write_atomically(args.out, csv_text(header(catalog), [row(g, catalog) for g in graded]))
    if args.feedback:
        for item in graded:
            write_atomically(args.feedback / f"{safe_name(item.submission.student)}.md",
                             feedback_markdown(item, catalog))
    console = Console(highlight=False, soft_wrap=True)
    with commands_stopped(sys.stdout) if actions else nullcontext():
        console.print(summary_table(graded, catalog))
    possible = sum(e.points for e in catalog.exercises)
    mean = sum(g.total for g in graded) / len(graded) if graded else 0.0
    console.print(f"{len(graded)} submissions graded, mean {mean:.1f} / {possible} points. "
                  f"Gradebook: {args.out}" + (f", feedback: {args.feedback}/" if args.feedback else ""),
                  markup=False)
    return 0


def summary_table(graded: list[Graded], catalog: Catalog) -> Table:
    possible = sum(e.points for e in catalog.exercises)
    table = Table(title="Grades", box=None, pad_edge=False)
    for column, justify in (("student", "left"), ("points", "right"), ("%", "right"), ("passing", "right"),
                            ("status", "left")):
        table.add_column(column, justify=justify)
    for item in sorted(graded, key=lambda g: g.submission.student):
        percent = 100 * item.total / possible if possible else 0.0
        passing = sum(r.passed for r in item.results)
        style = {"complete": "green", "unreadable": "red"}.get(item.status, "")
        table.add_row(escape(item.submission.student), f"{item.total}/{possible}", f"{percent:.1f}",
                      f"{passing}/{len(item.results)}", f"[{style}]{item.status}[/]" if style else item.status)
    return table
