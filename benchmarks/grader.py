"""Benchmarks of the grader, run by hand (not part of the test suite):

    python benchmarks/grader.py speed [--runs 5]   kata check vs plain pytest on the solutions
    python benchmarks/grader.py load [--runs 10]   the solution run, again and again, both cores busy
    python benchmarks/grader.py grade [--students 30]   `kata grade` on a generated class, checked exactly

`speed` times the two commands alternately in the same run and reports medians and their ratio.
`load` keeps every core busy with spinning processes and counts runs that were not all green.
`grade` exports topics 01-02, generates a class (selftests/submissions.py: solutions, stubs, broken
and hostile files in folders and zips), grades it, compares the gradebook with the expected one byte
for byte, and reports wall time and submissions per minute.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATA = [sys.executable, "-m", "grader", "check", "--dir", "solutions", "--format", "json"]
PYTEST = [sys.executable, "-m", "pytest", "-q", "--kata-dir", "solutions", "tests"]


def timed(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - started, run.returncode


def speed(runs: int) -> int:
    kata, pytest_ = [], []
    for _ in range(runs):
        for command, times in ((KATA, kata), (PYTEST, pytest_)):
            seconds, code = timed(command)
            if code != 0:
                print(f"{' '.join(command)} failed (exit {code})")
                return 1
            times.append(seconds)
    k, p = statistics.median(kata), statistics.median(pytest_)
    print(f"kata check --dir solutions        median {k:.2f} s  ({', '.join(f'{t:.2f}' for t in kata)})")
    print(f"pytest --kata-dir solutions tests median {p:.2f} s  ({', '.join(f'{t:.2f}' for t in pytest_)})")
    print(f"ratio kata / pytest: {k / p:.2f}  on {os.cpu_count()} cores, {runs} runs each")
    return 0


def load(runs: int) -> int:
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    failures = 0
    try:
        for number in range(1, runs + 1):
            for command in (KATA, PYTEST):
                seconds, code = timed(command)
                failures += code != 0
                print(f"run {number:2}: {command[2]:<7} exit {code}  {seconds:.1f} s", flush=True)
    finally:
        for spinner in spinners:
            spinner.kill()
    print(f"{failures} failing runs out of {2 * runs}, with {len(spinners)} busy processes")
    return 1 if failures else 0


def grade(students: int, jobs: int | None) -> int:
    import tempfile
    from collections import Counter

    sys.path.insert(0, str(ROOT))
    from grader import catalog as catalog_module
    from selftests.submissions import make_class, random_plan

    with tempfile.TemporaryDirectory(prefix="kata-bench-") as folder:
        base = Path(folder)
        kata = base / "kata"
        exported = subprocess.run([sys.executable, "-m", "grader", "export", str(kata), "--topics",
                                   "01_coroutines,02_concurrency"], cwd=ROOT, capture_output=True, text=True)
        if exported.returncode != 0:
            print(exported.stderr)
            return 1
        catalog = catalog_module.load(kata)
        plan = random_plan(catalog, students)
        expected = make_class(base / "class", catalog, plan)
        kinds = Counter(kind for _, chosen in plan.values() for kind in chosen.values())
        command = [sys.executable, "-m", "grader", "grade", str(base / "class"), "--out", str(base / "grades.csv"),
                   *(["--jobs", str(jobs)] if jobs else [])]
        started = time.perf_counter()
        run = subprocess.run(command, cwd=kata, capture_output=True, text=True,
                             env={**os.environ, "PYTHONSAFEPATH": "1"})
        seconds = time.perf_counter() - started
        got = (base / "grades.csv").read_text() if (base / "grades.csv").is_file() else ""
    same = got == expected
    print(f"{students} submissions x {len(catalog.exercises)} exercises = {students * len(catalog.exercises)} files: "
          + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    print(f"kata grade: exit {run.returncode}, {seconds:.1f} s wall, {60 * students / seconds:.1f} submissions/minute "
          f"on {os.cpu_count()} cores")
    print("gradebook: exactly as expected" if same else "gradebook DIFFERS from the expected one")
    if not same:
        import difflib
        print("".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "expected", "got")))
        print(run.stderr[-3000:])
    return 0 if same and run.returncode == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speed", "load", "grade"])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--students", type=int, default=30, help="grade: how many submissions")
    parser.add_argument("--jobs", type=int, default=None, help="grade: exercises at once (default: cores)")
    args = parser.parse_args()
    if args.what == "grade":
        return grade(args.students, args.jobs)
    if args.what == "speed":
        return speed(args.runs or 5)
    return load(args.runs or 10)


if __name__ == "__main__":
    sys.exit(main())
