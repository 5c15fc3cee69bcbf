"""Mutation testing of the suites: which plausible asyncio mistakes does each suite let through?

    python -m grader.dev.mutants [NAME ...] [--jobs N]   run the mutants of the exercises (all by default)
    python -m grader.dev.mutants --list [NAME ...]       the mutants, without running them
    python -m grader.dev.mutants --show ID               one mutant, as a diff of the reference solution
    --changed-since REF      only the exercises whose solution, stub or suite changed since the git REF
    --sample K [--seed S]    K of the mutants, drawn at random (the same ones for the same seed)

A mutant is the reference solution with one deliberate mistake (grader.dev.mutation). Each one is
checked like a learner's file, in its own process through the kata's runner. The suite should fail
it; a mutant that passes is a survivor: either a hole in the suite, which needs a test that names
the mistake, or equivalent to the solution (nothing observable changes), which is recorded with its
reason in selftests/mutants_equivalent.toml and then reported as equivalent.

Exit status: 0 when no mutant survives and every recorded equivalent still exists and still passes;
1 otherwise (also when a reference solution fails its own suite); 2 for a usage error.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from grader.catalog import Catalog, Exercise, load
from grader.engine import runner
from grader.errors import KataError, UsageError
from grader.results import ExerciseResult

EQUIVALENTS_FILE = Path("selftests") / "mutants_equivalent.toml"
# Exercise files whose change calls for its mutants to run again (the suite, the stub, the solution).
EXERCISE_FOLDERS = ("solutions", "exercises", "tests")


# --- The mutants of the kata ----------------------------------------------------------------------------

if TYPE_CHECKING:
    from grader.dev.mutation import Mutant


def mutants_of(catalog: Catalog, exercise: Exercise) -> list[Mutant]:
    """The mutants of an exercise's reference solution, of the learner's names only."""
    try:
        solution = (catalog.root / "solutions" / exercise.relative_path).read_text(encoding="utf-8")
        stub = (catalog.root / "exercises" / exercise.relative_path).read_text(encoding="utf-8")
    except FileNotFoundError as missing:  # e.g. a student's copy of the kata, which has no solutions
        raise UsageError(f"Mutation testing needs the kata's reference solutions and stubs: "
                         f"{missing.filename} does not exist.") from None
    # libcst is imported only here: `kata` starts without it, and graded runs never need it.
    from grader.dev.mutation import generate, learner_names

    return generate(solution, exercise=exercise.name, learner=learner_names(solution, stub))


def load_equivalents(catalog: Catalog) -> dict[str, dict[str, str]]:
    """exercise -> {mutant id: why it behaves the same}, from the equivalents file (if there is one)."""
    path = catalog.root / EQUIVALENTS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{EQUIVALENTS_FILE} is not valid TOML: {error}") from error
    for exercise, entries in data.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) and v.strip() for v in entries.values()):
            raise UsageError(f"{EQUIVALENTS_FILE}: [{exercise}] must map each mutant id to a one-line reason.")
    return data


def changed_exercises(catalog: Catalog, ref: str) -> set[str]:
    """The exercises whose solution, stub or suite differs from the git revision `ref` (or is new)."""
    def git(*args: str) -> list[str]:
        run = subprocess.run(["git", *args], check=False, cwd=catalog.root, capture_output=True, text=True)
        if run.returncode != 0:
            raise UsageError(f"--changed-since {ref}: git {' '.join(args[:1])} failed: {run.stderr.strip()}")
        return run.stdout.splitlines()

    paths = git("diff", "--name-only", ref, "--", *EXERCISE_FOLDERS)
    paths += git("ls-files", "--others", "--exclude-standard", "--", *EXERCISE_FOLDERS)
    touched = {Path(path) for path in paths}
    return {e.name for e in catalog.exercises
            if touched & ({Path(folder) / e.relative_path for folder in ("solutions", "exercises")} | {e.test_path})}


# --- Running them ---------------------------------------------------------------------------------------

@dataclass
class Verdict:
    mutant: Mutant
    killed: bool
    headline: str  # the first line of the suite's message: how it was killed


@dataclass
class ExerciseReport:
    exercise: Exercise
    mutants: list[Mutant]
    reference: ExerciseResult | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    busy: float = 0.0  # seconds its checks took, added up

    @property
    def finished(self) -> bool:
        return self.reference is not None and len(self.verdicts) == len(self.mutants)


async def run_all(catalog: Catalog, reports: list[ExerciseReport], jobs: int | None,
                  on_finished: Callable[[ExerciseReport], None]) -> None:
    """Check each reference solution and each of its mutants (every one alone in a kata dir of its
    own), through the engine, real-clock exercises first (they take longest, so starting them early
    keeps every slot busy until the end)."""
    by_clock = sorted(reports, key=lambda report: report.exercise.clock != "real")
    planned: dict[runner.Check, tuple[ExerciseReport, Mutant | None]] = {}
    with tempfile.TemporaryDirectory(prefix="kata-mutants-") as scratch:
        for report in by_clock:
            planned[runner.Check(report.exercise, catalog.solutions_dir)] = (report, None)
            for number, mutant in enumerate(report.mutants):
                kata_dir = Path(scratch) / report.exercise.name / str(number)
                path = report.exercise.file_in(kata_dir)
                path.parent.mkdir(parents=True)
                path.write_text(mutant.source, encoding="utf-8")
                planned[runner.Check(report.exercise, kata_dir)] = (report, mutant)

        def done(check: runner.Check, result: ExerciseResult) -> None:
            report, mutant = planned[check]
            if mutant is None:
                report.reference = result
            else:
                report.verdicts.append(Verdict(mutant, killed=not result.passed, headline=result.headline))
            report.busy += result.duration
            if report.finished:
                on_finished(report)

        await runner.check_many(catalog.root, list(planned), jobs=jobs, on_done=done)


# --- The report -----------------------------------------------------------------------------------------

@dataclass
class Summary:
    survivors: list[Verdict] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # "id: why the entry is wrong"
    broken_references: list[ExerciseReport] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.survivors or self.stale or self.broken_references else 0


def summarize(reports: list[ExerciseReport], equivalents: dict[str, dict[str, str]],
              all_mutants: dict[str, list[Mutant]]) -> Summary:
    summary = Summary()
    for name, entries in equivalents.items():
        if name not in all_mutants:
            continue  # not selected (or not an exercise: see stale_exercises)
        existing = {mutant.id for mutant in all_mutants[name]}
        summary.stale += [f"{mutant_id}: no such mutant any more (the solution or the operator changed)"
                          for mutant_id in entries if mutant_id not in existing]
    for report in reports:
        if report.reference is not None and not report.reference.passed:
            summary.broken_references.append(report)
        recorded = equivalents.get(report.exercise.name, {})
        for verdict in report.verdicts:
            if verdict.mutant.id in recorded and verdict.killed:
                summary.stale.append(f"{verdict.mutant.id}: recorded as equivalent, but the suite kills it now "
                                     f"({verdict.headline or 'no message'}); remove the entry")
            elif not verdict.killed and verdict.mutant.id not in recorded:
                summary.survivors.append(verdict)
    return summary


def counts(report: ExerciseReport, equivalents: dict[str, dict[str, str]]) -> tuple[int, int, int, int]:
    """Mutants, killed, equivalent, surviving."""
    recorded = equivalents.get(report.exercise.name, {})
    killed = sum(v.killed for v in report.verdicts)
    equivalent = sum(not v.killed and v.mutant.id in recorded for v in report.verdicts)
    return len(report.verdicts), killed, equivalent, len(report.verdicts) - killed - equivalent


def print_table(reports: list[ExerciseReport], equivalents: dict[str, dict[str, str]], out: TextIO) -> None:
    width = max([len("exercise"), *(len(r.exercise.name) for r in reports)])
    print(f"{'exercise':<{width}}  mutants  killed  equivalent  surviving", file=out)
    rows = [(report.exercise.name, counts(report, equivalents)) for report in reports]
    mutants, killed, equivalent, surviving = (sum(row[i] for _, row in rows) for i in range(4))
    rows.append(("total", (mutants, killed, equivalent, surviving)))
    for name, (mutants, killed, equivalent, surviving) in rows:
        print(f"{name:<{width}}  {mutants:>7}  {killed:>6}  {equivalent:>10}  {surviving:>9}", file=out)


def print_summary(summary: Summary, catalog: Catalog, out: TextIO) -> None:
    for report in summary.broken_references:
        assert report.reference is not None
        print(f"\nThe reference solution of {report.exercise.name} fails its own suite, so its mutants prove "
              f"nothing: {report.reference.headline}", file=out)
    if summary.survivors:
        print(f"\n{len(summary.survivors)} surviving mutant(s): mistakes the suite accepts. Kill each with a test "
              f"that names the mistake, or record it in {EQUIVALENTS_FILE} with the reason it behaves the same.",
              file=out)
    for verdict in summary.survivors:
        print(f"\n{describe(verdict.mutant)}\n{diff_of(catalog, verdict.mutant)}", file=out, end="")
    if summary.stale:
        print(f"\nStale entries in {EQUIVALENTS_FILE}:", file=out)
        for entry in summary.stale:
            print(f"  {entry}", file=out)


def describe(mutant: Mutant) -> str:
    return f"{mutant.id}  ({mutant.operator})\n  {mutant.description}\n"


def diff_of(catalog: Catalog, mutant: Mutant) -> str:
    exercise = catalog.get(mutant.exercise)
    return mutant.diff((Path("solutions") / exercise.relative_path).as_posix())


def exercise_line(report: ExerciseReport, equivalents: dict[str, dict[str, str]]) -> str:
    mutants, killed, equivalent, surviving = counts(report, equivalents)
    reference = "" if report.reference is None or report.reference.passed else ", REFERENCE FAILS"
    return (f"  {report.exercise.name}: {mutants} mutants, {killed} killed, {equivalent} equivalent, "
            f"{surviving} surviving{reference} ({report.busy:.0f} s of checks)")


# --- The command ----------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME", help="exercises (all of them by default)")
    parser.add_argument("--jobs", type=int, default=None, help="how many checks at once (default: the core count)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    parser.add_argument("--show", metavar="ID", help="show one mutant as a diff of the reference solution")
    parser.add_argument("--changed-since", metavar="REF",
                        help="only exercises whose solution, stub or suite changed since this git revision")
    parser.add_argument("--sample", type=int, metavar="K", help="run K of the mutants, drawn at random")
    parser.add_argument("--seed", default="0", metavar="S", help="the seed of --sample (any text; default 0)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.dev.mutants",
                                     description="Mutation testing of the kata's suites.")
    add_arguments(parser)
    try:
        return run(parser.parse_args(argv))
    except KataError as error:
        print(error, file=sys.stderr)
        return error.exit_code


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """`kata dev mutants`: 0 when every mutant is killed or known equivalent, 1 otherwise."""
    catalog = load()
    if args.show:
        return show(catalog, args.show, out)
    exercises = select(catalog, args)
    if args.list:
        return list_mutants(catalog, exercises, out)
    return run_mutants(catalog, exercises, args, out)


def select(catalog: Catalog, args: argparse.Namespace) -> list[Exercise]:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1.")
    if args.sample is not None and args.sample < 1:
        raise UsageError("--sample must be at least 1.")
    exercises = [catalog.get(name) for name in args.names] if args.names else list(catalog.exercises)
    if args.changed_since:
        changed = changed_exercises(catalog, args.changed_since)
        exercises = [e for e in exercises if e.name in changed]
    return exercises


def show(catalog: Catalog, mutant_id: str, out: TextIO) -> int:
    name = mutant_id.split("/")[0]
    mutants = {mutant.id: mutant for mutant in mutants_of(catalog, catalog.get(name))}
    if mutant_id not in mutants:
        raise UsageError(f"{name} has no mutant {mutant_id}; `--list {name}` shows them.")
    print(describe(mutants[mutant_id]) + diff_of(catalog, mutants[mutant_id]), file=out, end="")
    return 0


def list_mutants(catalog: Catalog, exercises: list[Exercise], out: TextIO) -> int:
    equivalents = load_equivalents(catalog)
    for exercise in exercises:
        recorded = equivalents.get(exercise.name, {})
        for mutant in mutants_of(catalog, exercise):
            note = f"  [equivalent: {recorded[mutant.id]}]" if mutant.id in recorded else ""
            print(f"{mutant.id}  {mutant.description}{note}", file=out)
    return 0


def run_mutants(catalog: Catalog, exercises: list[Exercise], args: argparse.Namespace, out: TextIO) -> int:
    started = time.monotonic()
    equivalents = load_equivalents(catalog)
    all_mutants = {exercise.name: mutants_of(catalog, exercise) for exercise in exercises}
    chosen = {name: list(mutants) for name, mutants in all_mutants.items()}
    if args.sample is not None:
        drawn = {mutant.id for mutant in pick(all_mutants, args.sample, args.seed)}
        chosen = {name: [m for m in mutants if m.id in drawn] for name, mutants in all_mutants.items()}
    reports = [ExerciseReport(exercise, chosen[exercise.name]) for exercise in exercises
               if chosen[exercise.name] or args.sample is None]
    jobs = args.jobs
    total = sum(len(report.mutants) for report in reports)
    scope = f"{total} of {sum(map(len, all_mutants.values()))} mutants (seed {args.seed!r})" \
        if args.sample is not None else f"{total} mutants"
    print(f"Mutation testing: {scope} of {len(reports)} exercise(s).", file=out, flush=True)

    def finished(report: ExerciseReport) -> None:
        print(exercise_line(report, equivalents), file=out, flush=True)

    asyncio.run(run_all(catalog, reports, jobs, finished))
    summary = summarize(reports, equivalents, all_mutants)
    if not args.names:  # a table for an exercise the kata does not have
        summary.stale += [f"[{name}]: there is no such exercise" for name in equivalents
                          if name not in {e.name for e in catalog.exercises}]
    print(file=out)
    print_table(reports, equivalents, out)
    print_summary(summary, catalog, out)
    elapsed = time.monotonic() - started
    print(f"\nWall time: {elapsed // 60:.0f} min {elapsed % 60:.0f} s.", file=out)
    return summary.exit_code


def pick(all_mutants: dict[str, list[Mutant]], k: int, seed: str) -> list[Mutant]:
    """K mutants drawn at random; the same seed draws the same ones from the same mutants."""
    pool = sorted((mutant for mutants in all_mutants.values() for mutant in mutants), key=lambda m: m.id)
    return random.Random(seed).sample(pool, min(k, len(pool)))


if __name__ == "__main__":
    sys.exit(main())
