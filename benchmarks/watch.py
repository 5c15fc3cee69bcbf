"""Benchmark of watch mode, run by hand (not part of the test suite):

    python benchmarks/watch.py [--runs 10]

Starts `kata watch` in a tmux terminal on a small copy of the kata, then alternately saves greet's
solution and its stub, timing each save until the verdict is on the screen. In the same run, and
alternating with those saves, it times plain `pytest` on greet's test file, the baseline a learner
would otherwise use. Reports both medians and their ratio.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selftests.conftest import mini_kata  # noqa: E402
from selftests.terminal import Terminal  # noqa: E402

EXERCISE = Path("01_coroutines/greet.py")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        kata = mini_kata(Path(scratch) / "kata", ["greet", "await_chain"])
        target = kata / "exercises" / EXERCISE
        versions = {"greet passes!": (kata / "solutions" / EXERCISE).read_bytes(),
                    "greet does not pass yet": target.read_bytes()}
        pytest_command = [sys.executable, "-m", "pytest", "-q", f"tests/{EXERCISE.parent}/test_{EXERCISE.name}"]
        terminal = Terminal(kata, f"{sys.executable} -m grader watch")
        watch_times, pytest_times = [], []
        try:
            terminal.wait_for("greet does not pass yet")
            for number in range(runs):
                verdict = list(versions)[number % 2]
                target.write_bytes(versions[verdict])
                watch_times.append(terminal.wait_for(verdict))
                started = time.perf_counter()
                subprocess.run(pytest_command, cwd=kata, capture_output=True)
                pytest_times.append(time.perf_counter() - started)
                time.sleep(0.3)
        finally:
            terminal.close()
    w, p = statistics.median(watch_times), statistics.median(pytest_times)
    print(f"kata watch, save to verdict  median {w:.2f} s  ({', '.join(f'{t:.2f}' for t in watch_times)})")
    print(f"plain pytest on the test file median {p:.2f} s  ({', '.join(f'{t:.2f}' for t in pytest_times)})")
    print(f"ratio watch / pytest: {w / p:.2f}, {runs} runs each, alternating")
    return 0


if __name__ == "__main__":
    sys.exit(main())
