"""A generated class for the class report, with known mistakes planted at known frequencies.

The plan (`plan`) gives every student a kind of file per exercise: a solution, the stub, a known-wrong
variant from selftests/variants/, a broken or hostile file (selftests/submissions.py). Each mistake of
PLANTED is made by a known share of the class, and no other kind of file is handed in as often on
that exercise, so it must come out as the exercise's most common mistake. Every tenth student passes
everything; a few students are special: one prints `<script>alert(1)</script>`, two spin
forever (one when called, one while imported), one hands in a symbolic link, one an unreadable zip,
and two have names made to be mis-read (as HTML, as a spreadsheet formula).

Two ways to the same class:
- `synthetic_class(students)`: in a fraction of a second, for the browser test and the measurements.
  What the grader says about each kind of file comes from report_outcomes.json: `kata grade`'s real
  results for every kind used here, recorded once with `python -m selftests.report_class record`
  (a few minutes; run it again after changing a suite's messages).
- `write_class(folder, plan, catalog)` and `grade_in_process`: real submissions graded by the real
  grading code, for the slower end-to-end check.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from grader import catalog as catalog_module
from grader.catalog import Catalog
from grader.dev.variants import VARIANTS as VARIANTS_FOLDER
from grader.engine import trust
from grader.results import ExerciseResult, Status, TestResult
from grader.teacher import grading, submissions
from grader.teacher.classdata import ClassData, from_graded
from grader.teacher.gradebook import csv_text, header, row
from grader.teacher.grading import Graded
from grader.teacher.submissions import Submission
from selftests.conftest import ROOT
from selftests.submissions import SCRIPT, write_submission

VARIANTS = ROOT / VARIANTS_FOLDER

OUTCOMES_FILE = Path(__file__).with_name("report_outcomes.json")
TOPICS = ("01_coroutines", "02_concurrency", "03_blocking")
# exercise -> (the planted wrong variant, how many of 30 students hand it in)
PLANTED = {
    "say_after": ("wrong_concurrent_is_sequential", 12),
    "gather_squares": ("wrong_one_after_another", 9),
    "blocking_sleep": ("wrong_time_sleep_kept", 8),
}
# The special students' kinds, on which exercise.
SPECIAL = {"script": "greet", "hang": "say_after", "spin": "task_set", "symlink": "run_sync"}
WEIGHTS = {"solution": 50, "stub": 15, "wrong": 30, "syntax": 3, "missing": 2}
HOSTILE_NAMES = ("<img src=x onerror=alert(2)>", "=1+2")
FIRST = ("ada", "alan", "grace", "edsger", "barbara", "donald", "margaret", "ken", "dennis", "radia", "frances",
         "john", "tim", "katherine", "niklaus", "bjarne", "yukihiro", "anders", "zoë", "łukasz", "amara", "chen",
         "priya", "mateo", "aoife", "kwame", "ingrid", "tariq", "sofia", "hiro")
LAST = ("lovelace", "turing", "hopper", "dijkstra", "liskov", "knuth", "hamilton", "thompson", "ritchie",
        "perlman", "allen", "backus", "berners-lee", "johnson", "wirth", "ångström", "okafor", "nakamura",
        "żak", "haddad")

Plan = dict[str, tuple[str, dict[str, str]]]  # student -> (container, {exercise: kind})


def class_catalog(names: tuple[str, ...] | None = None) -> Catalog:
    """The kata's catalog cut down to the class's exercises (TOPICS, or `names`)."""
    catalog = catalog_module.load(ROOT)
    chosen = tuple(e for e in catalog.exercises if (e.name in names if names else e.topic in TOPICS))
    return replace(catalog, exercises=chosen)


def wrong_variants(exercise: str) -> list[str]:
    """The known-wrong variants of an exercise: those recorded, so that the class stays the same when
    variants are added (record again to use them), else those in selftests/variants/."""
    recorded = load_outcomes()["exercises"].get(exercise, {}) if OUTCOMES_FILE.is_file() else {}
    found = recorded or {p.stem: None for p in VARIANTS.glob(f"*/{exercise}/wrong_*.py")}
    return sorted(kind for kind in found if kind.startswith("wrong_"))


def student_names(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{first}-{last}" for first in FIRST for last in LAST]
    return [*HOSTILE_NAMES, *rng.sample(pairs, count - len(HOSTILE_NAMES))]


def planted_count(exercise: str, students: int) -> int:
    return round(PLANTED[exercise][1] * students / 30)


def plan(catalog: Catalog, students: int = 30, seed: int = 16, others: int | None = None) -> Plan:
    """Who hands in what. `others` limits the other wrong variants per exercise (fewer distinct files)."""
    rng = random.Random(seed)
    names = student_names(students, rng)
    perfect = set(names[2::10])  # every tenth student, from the third on: the hostile names are no saints
    special = dict(zip(SPECIAL, [n for n in names if n not in perfect][2:]))  # kind -> student
    unreadable = [n for n in names if n not in perfect and n not in special.values()][-1]
    kinds: dict[str, dict[str, str]] = {name: {} for name in names}
    for exercise in catalog.exercises:
        wrong = [v for v in wrong_variants(exercise.name) if v != PLANTED.get(exercise.name, ("",))[0]]
        wrong = wrong[:others] if others is not None else wrong
        free = [n for n in names
                if n not in perfect and n != unreadable and special.get(_kind_on(exercise.name)) != n]
        planted = set(rng.sample(free, planted_count(exercise.name, students))) if exercise.name in PLANTED else set()
        for name in names:
            if name in perfect:
                kind = "solution"
            elif special.get(_kind_on(exercise.name)) == name:
                kind = _kind_on(exercise.name)
            elif name in planted:
                kind = PLANTED[exercise.name][0]
            else:
                kind = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
                kind = rng.choice(wrong) if kind == "wrong" else kind
            kinds[name][exercise.name] = kind
    return {name: ("corrupt" if name == unreadable else "zip-prefixed" if index % 5 == 4 else "folder", kinds[name])
            for index, name in enumerate(names)}


def _kind_on(exercise: str) -> str:
    """The special kind handed in on `exercise`, if any."""
    return next((kind for kind, on in SPECIAL.items() if on == exercise), "")


# --- The fast way: recorded outcomes -------------------------------------------------------------------

def load_outcomes() -> dict:
    return json.loads(OUTCOMES_FILE.read_text(encoding="utf-8"))


def synthetic_graded(class_plan: Plan, catalog: Catalog, outcomes: dict | None = None) -> list[Graded]:
    """The class as `kata grade` grades it, from the recorded outcome of each kind of file."""
    outcomes = outcomes or load_outcomes()
    graded = []
    for student, (container, kinds) in sorted(class_plan.items()):
        submission = Submission(student, Path(student))
        if container == "corrupt":
            submission.error = outcomes["unreadable"].replace("{student}", student)
            results = [ExerciseResult(e, Status.ERROR, submission.error) for e in catalog.exercises]
        else:
            results = []
            for exercise in catalog.exercises:
                outcome = outcomes["exercises"][exercise.name][kinds[exercise.name]]
                tests = [TestResult(f"test_{n}", Status(status)) for n, status in enumerate(outcome["tests"], 1)]
                first_failing = next((t for t in tests if t.status is not Status.PASS), None)
                if first_failing is not None:
                    first_failing.output = outcome["output"]
                results.append(ExerciseResult(exercise, Status(outcome["status"]), outcome["message"], tests))
                submission.notes += outcome["notes"]
        graded.append(Graded(submission, results))
    return graded


def gradebook(graded: list[Graded], catalog: Catalog) -> str:
    """The CSV `kata grade` writes for these results."""
    return csv_text(header(catalog), [row(g, catalog) for g in graded])


def synthetic_class(students: int = 30, seed: int = 16) -> tuple[ClassData, str, Plan]:
    """(the class report's data, the gradebook CSV, the plan) for a generated class."""
    catalog = class_catalog()
    class_plan = plan(catalog, students, seed)
    graded = synthetic_graded(class_plan, catalog)
    data = from_graded(graded, catalog)
    # `kata grade` reads only exercise files, so protected-file findings come from graded runs in the
    # students' own repositories (`kata check --format classroom`): one student shows how they look.
    changed = next(i for i, s in enumerate(data.students) if s.name not in HOSTILE_NAMES and s.error is None)
    students_rows = list(data.students)
    students_rows[changed] = replace(students_rows[changed], protected=("tests/02_concurrency/test_say_after.py",))
    return replace(data, students=tuple(students_rows)), gradebook(graded, catalog), class_plan


# --- The real way: submissions graded --------------------------------------------------------------------

def write_class(folder: Path, class_plan: Plan, catalog: Catalog) -> None:
    """The plan as submission folders and zips; students of one kind share the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for student, (container, kinds) in class_plan.items():
        write_submission(folder, student, kinds, container, catalog, personal=False)


def grade_in_process(kata: Path, folder: Path, jobs: int | None = None) -> tuple[list[Graded], Catalog, list[str]]:
    """What `kata grade FOLDER --pristine KATA` grades: (the results, the catalog, the run's notes)."""
    with tempfile.TemporaryDirectory(prefix="report-class-") as private:
        prepared = trust.prepare(Path(private), pristine_dir=kata, graded=None)
        config = prepared.sealed.config.read_bytes()
        read = [submissions.read_submission(student, path, prepared.catalog)
                for student, path in submissions.discover(folder)]
        graded = grading.grade(prepared, read, jobs=jobs)
        if prepared.sealed.config.read_bytes() != config:
            raise RuntimeError(f"Something wrote into {prepared.sealed.config} while the class was graded: "
                               "the results cannot be trusted. Grade again.")
    return graded, prepared.catalog, list(prepared.findings.notes)


def record(jobs: int | None = None) -> dict:
    """Grade every kind of file the generated classes use, once, and keep what the grader said."""
    catalog = class_catalog()
    kinds = {e.name: ["solution", "stub", "syntax", "missing",
                      *sorted(p.stem for p in VARIANTS.glob(f"*/{e.name}/wrong_*.py"))] for e in catalog.exercises}
    for kind, exercise in SPECIAL.items():
        kinds[exercise].append(kind)
    rows = max(len(k) for k in kinds.values())
    record_plan: Plan = {f"rec-{row:02d}": ("folder", {name: k[row] if row < len(k) else "solution"
                                                       for name, k in kinds.items()}) for row in range(rows)}
    record_plan["rec-corrupt"] = ("corrupt", {name: "solution" for name in kinds})
    with tempfile.TemporaryDirectory(prefix="kata-report-record-") as scratch:
        write_class(Path(scratch) / "class", record_plan, catalog)
        graded, _, _ = grade_in_process(ROOT, Path(scratch) / "class", jobs)
    outcomes: dict = {"exercises": {name: {} for name in kinds}}
    for item in graded:
        if item.submission.error:
            outcomes["unreadable"] = item.submission.error.replace(item.submission.student, "{student}")
            continue
        _, student_kinds = record_plan[item.submission.student]
        for result in item.results:
            if result.exercise.name not in kinds:
                continue
            shown = f"exercises/{result.exercise.relative_path.as_posix()}"
            outcomes["exercises"][result.exercise.name][student_kinds[result.exercise.name]] = {
                "status": result.status, "message": result.message, "tests": [t.status for t in result.tests],
                "output": next((t.output for t in result.tests if t.status != "pass" and t.output.strip()), ""),
                "notes": [note for note in item.submission.notes if shown in note],
            }
    check_outcomes(outcomes)
    return outcomes


# What each kind of file must have come to; anything else means the recording went wrong.
EXPECTED_STATUS = {"solution": ("pass",), "stub": ("fail",), "syntax": ("error",), "missing": ("error",),
                   "symlink": ("error",), "script": ("fail",), "hang": ("timeout",), "spin": ("error", "timeout")}


def check_outcomes(outcomes: dict) -> None:
    """Refuse a recording that is not what the grader says about these files (e.g. a disturbed run)."""
    wrong = []
    for exercise, kinds in outcomes["exercises"].items():
        for kind, outcome in kinds.items():
            allowed = EXPECTED_STATUS.get(kind, ("fail",) if kind.startswith("wrong_") else ("pass",))
            if outcome["status"] not in allowed or (kind == "script" and SCRIPT not in outcome["output"]):
                wrong.append(f"{exercise}/{kind}: {outcome['status']}, {outcome['message'][:200]!r}")
    if wrong:
        raise RuntimeError("Some files were not graded as expected; record again:\n" + "\n".join(wrong))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m selftests.report_class")
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help=f"grade every kind of file once, into {OUTCOMES_FILE.name}")
    recording.add_argument("--jobs", type=int, default=None)
    page = commands.add_parser("page", help="write the class report of a generated class")
    page.add_argument("--students", type=int, default=30)
    page.add_argument("--out", type=Path, required=True)
    page.add_argument("--csv", type=Path, default=None, help="also write the gradebook here")
    page.add_argument("--anonymise", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "record":
        outcomes = record(args.jobs)
        OUTCOMES_FILE.write_text(json.dumps(outcomes, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                 encoding="utf-8")
        print(f"{sum(len(k) for k in outcomes['exercises'].values())} outcomes in {OUTCOMES_FILE}")
        return 0
    from grader.teacher.report import write_report

    data, csv_text, _ = synthetic_class(args.students)
    write_report(data, args.out, anonymise=args.anonymise)
    if args.csv:
        args.csv.write_text(csv_text, encoding="utf-8")
    print(f"{args.out}: {args.out.stat().st_size / 1024:.0f} KiB, {len(data.students)} students")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
