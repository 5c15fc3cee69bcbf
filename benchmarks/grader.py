"""Benchmarks of the grader, run by hand (not part of the test suite). One command measures everything:

    python benchmarks/grader.py [all] [--rounds 3] [--students 12] [--saves 10] [--load-runs 10]

and prints the goals side by side with what was measured and the load average meanwhile. Each part
also runs on its own:

    python benchmarks/grader.py speed [--rounds 5]    kata check --dir solutions, warm and cold, and plain
                                                      pytest --kata-dir solutions tests, alternately
    python benchmarks/grader.py watch [--saves 10]    watch's save-to-verdict, warm and cold, and plain
                                                      pytest on the same file, alternately (benchmarks/watch.py)
    python benchmarks/grader.py grade [--students 12] [--rounds 1]
                                                      kata grade on a generated class of full submissions
                                                      of every exercise, warm and cold alternately; the
                                                      gradebook is compared with the expected one byte for byte
    python benchmarks/grader.py load [--load-runs 10] kata check --dir solutions again and again while a
                                                      spinning process keeps every core busy: all green?

Warm is the default runner (checks forked from a warm parent), cold is KATA_RUNNER=spawn (a fresh
interpreter per check). Ratios are taken round by round, from runs made alternately in the same
round, and their median is reported: on a shared machine that is what stays comparable.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KATA = [sys.executable, "-m", "grader", "check", "--dir", "solutions", "--format", "json"]
PYTEST = [sys.executable, "-m", "pytest", "-q", "--kata-dir", "solutions", "tests"]
COLD = {"KATA_RUNNER": "spawn"}
# The generated class: random_plan's mix, without files that spin at import (each costs its full time
# bound of one slot, 10 s or 45 s, by design: that measures the bound, not the grader); one student's
# file spins all the same, so that the mix still holds every kind of trouble.
GRADE_MIX_WITHOUT = "spin"


@dataclass
class Figures:
    lines: list[str] = field(default_factory=list)
    goals: list[tuple[str, str, str]] = field(default_factory=list)  # (goal, target, measured)
    load: list[float] = field(default_factory=list)

    def sample_load(self) -> None:
        self.load.append(os.getloadavg()[0])


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, int]:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - started, run.returncode


def _median_ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def _listed(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


# --- kata check against plain pytest ------------------------------------------------------------

def speed(rounds: int, figures: Figures) -> bool:
    runs: dict[str, list[float]] = {"warm": [], "cold": [], "pytest": []}
    commands = {"warm": (KATA, None), "cold": (KATA, COLD), "pytest": (PYTEST, None)}
    for _ in range(rounds):
        for name, (command, env) in commands.items():
            figures.sample_load()
            seconds, code = timed(command, env)
            if code != 0:
                figures.lines.append(f"{name}: {' '.join(command)} failed (exit {code})")
                return False
            runs[name].append(seconds)
    for name, label in (("warm", "kata check --dir solutions (warm)"), ("cold", "kata check --dir solutions (cold)"),
                        ("pytest", "pytest --kata-dir solutions tests")):
        figures.lines.append(f"{label:<36} median {statistics.median(runs[name]):6.2f} s  ({_listed(runs[name])})")
    warm_ratio = _median_ratio(runs["warm"], runs["pytest"])
    figures.lines.append(f"ratios (median of {rounds} rounds): warm/pytest {warm_ratio:.2f}, cold/pytest "
                         f"{_median_ratio(runs['cold'], runs['pytest']):.2f}, warm/cold "
                         f"{_median_ratio(runs['warm'], runs['cold']):.2f}")
    figures.goals.append(("kata check --dir solutions vs plain pytest", "<= 0.45", f"{warm_ratio:.2f}"))
    figures.goals.append(("  cold runner (spawn) vs plain pytest", "(was 0.85)",
                          f"{_median_ratio(runs['cold'], runs['pytest']):.2f}"))
    return True


# --- watch --------------------------------------------------------------------------------------

def watch(saves: int, figures: Figures) -> bool:
    from benchmarks import watch as watch_benchmark

    times = watch_benchmark.measure(saves)
    figures.load += times.load
    figures.lines += watch_benchmark.report(times)
    warm = statistics.median(times.watch["warm"])
    ratio = _median_ratio(times.watch["warm"], times.pytest)
    figures.goals.append(("watch: save to verdict (greet, virtual clock)", "<= 0.30 s", f"{warm:.2f} s"))
    figures.goals.append(("watch vs plain pytest on that file", "< 0.40", f"{ratio:.2f}"))
    cold = _median_ratio(times.watch["cold"], times.pytest)
    figures.goals.append(("  cold watch vs plain pytest", "", f"{cold:.2f}"))
    return True


# --- kata grade ---------------------------------------------------------------------------------

def grade(students: int, rounds: int, figures: Figures) -> bool:
    from grader import catalog as catalog_module
    from selftests.submissions import MIX, make_class, random_plan

    with tempfile.TemporaryDirectory(prefix="kata-bench-") as folder:
        base = Path(folder)
        kata = base / "kata"
        exported = subprocess.run([sys.executable, "-m", "grader", "export", str(kata)], cwd=ROOT,
                                  capture_output=True, text=True)
        if exported.returncode != 0:
            figures.lines.append(exported.stderr)
            return False
        catalog = catalog_module.load(kata)
        plan = random_plan(catalog, students, weights={k: v for k, v in MIX.items() if k != GRADE_MIX_WITHOUT})
        virtual = next(e.name for e in catalog.exercises if e.clock == "virtual")
        spinner = next(student for student, (container, _) in reversed(plan.items()) if container != "corrupt")
        plan[spinner][1][virtual] = "spin"
        expected = make_class(base / "class", catalog, plan)
        kinds = Counter(kind for _, chosen in plan.values() for kind in chosen.values())
        figures.lines.append(f"{students} distinct submissions x {len(catalog.exercises)} exercises: "
                             + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
        per_minute: dict[str, list[float]] = {"warm": [], "cold": []}
        ok = True
        for _ in range(rounds):
            for name, env in (("warm", None), ("cold", COLD)):
                figures.sample_load()
                out = base / f"grades-{name}.csv"
                seconds, code = timed([sys.executable, "-m", "grader", "grade", str(base / "class"), "--out", str(out)],
                                      {"PYTHONSAFEPATH": "1", **(env or {})}, cwd=kata)
                same = out.is_file() and out.read_text() == expected
                ok &= same and code == 0
                per_minute[name].append(60 * students / seconds)
                figures.lines.append(f"kata grade ({name}): {seconds:.1f} s, {60 * students / seconds:.1f} "
                                     f"submissions/minute, exit {code}, gradebook "
                                     + ("exactly as expected" if same else "DIFFERS from the expected one"))
    warm = statistics.median(per_minute["warm"])
    figures.goals.append(("kata grade, distinct full submissions a minute", ">= 20", f"{warm:.1f}"))
    figures.goals.append(("  cold runner (spawn)", "", f"{statistics.median(per_minute['cold']):.1f}"))
    return ok


# --- under load ---------------------------------------------------------------------------------

def load(runs: int, figures: Figures) -> bool:
    cores = os.cpu_count() or 2
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]
    failures = []
    try:
        for number in range(1, runs + 1):
            figures.sample_load()
            seconds, code = timed(KATA)
            figures.lines.append(f"under load, run {number:2}: exit {code}, {seconds:.1f} s")
            if code != 0:
                failures.append(number)
    finally:
        for spinner in spinners:
            spinner.kill()
    figures.goals.append((f"full solution runs with {cores} spinning processes", f"{runs}/{runs} green",
                          f"{runs - len(failures)}/{runs} green"))
    return not failures


def summary(figures: Figures) -> None:
    print("\n".join(figures.lines))
    print(f"\n{'goal':<50} {'target':>12} {'measured':>10}")
    for goal, target, measured in figures.goals:
        print(f"{goal:<50} {target:>12} {measured:>10}")
    if figures.load:
        print(f"\nload average (1 min) during the measurements: median {statistics.median(figures.load):.1f}, "
              f"{min(figures.load):.1f} to {max(figures.load):.1f}, on {os.cpu_count()} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="?", default="all", choices=["all", "speed", "watch", "grade", "load"])
    parser.add_argument("--rounds", type=int, default=None, help="speed: rounds (5 alone, 3 in all); grade: 1")
    parser.add_argument("--students", type=int, default=12, help="grade: submissions in the generated class")
    parser.add_argument("--saves", type=int, default=10, help="watch: saves per runner")
    parser.add_argument("--load-runs", type=int, default=10, help="load: full solution runs")
    args = parser.parse_args()
    figures = Figures()
    parts = {
        "speed": lambda: speed(args.rounds or (3 if args.what == "all" else 5), figures),
        "watch": lambda: watch(args.saves, figures),
        "grade": lambda: grade(args.students, 1 if args.what == "all" else args.rounds or 1, figures),
        "load": lambda: load(args.load_runs, figures),
    }
    ok = True
    for name, part in parts.items():
        if args.what in ("all", name):
            ok &= part()
    summary(figures)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
