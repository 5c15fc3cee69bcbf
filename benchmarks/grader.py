"""Benchmarks of the grader, run by hand (not part of the test suite):

    python benchmarks/grader.py speed [--runs 5]   kata check vs plain pytest on the solutions
    python benchmarks/grader.py load [--runs 10]   the solution run, again and again, both cores busy

`speed` times the two commands alternately in the same run and reports medians and their ratio.
`load` keeps every core busy with spinning processes and counts runs that were not all green.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speed", "load"])
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args()
    if args.what == "speed":
        return speed(args.runs or 5)
    return load(args.runs or 10)


if __name__ == "__main__":
    sys.exit(main())
