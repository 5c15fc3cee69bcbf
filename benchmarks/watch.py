"""Benchmark of watch mode, run by hand (not part of the test suite):

    python benchmarks/watch.py [--runs 10]

Starts `kata watch` in tmux terminals on small copies of the kata, one with the warm runner (the
default) and one with KATA_RUNNER=spawn, then alternately saves greet's solution and its stub,
timing each save until the verdict is on the screen. In the same run, and alternating with those
saves, it times plain `pytest` on greet's test file, the baseline a learner would otherwise use.
Reports the medians and the ratios. `benchmarks/grader.py all` runs this too.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selftests.conftest import mini_kata  # noqa: E402
from selftests.terminal import Terminal  # noqa: E402

EXERCISE = Path("01_coroutines/greet.py")
RUNNERS = {"warm": "", "cold": "KATA_RUNNER=spawn "}


@dataclass
class WatchTimes:
    """Seconds from a save to the verdict on screen, by runner, and plain pytest on the same file."""

    watch: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in RUNNERS})
    pytest: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)


def measure(runs: int) -> WatchTimes:
    times = WatchTimes()
    with tempfile.TemporaryDirectory() as scratch:
        katas = {name: mini_kata(Path(scratch) / name, ["greet", "await_chain"]) for name in RUNNERS}
        versions = {"greet passes!": (katas["warm"] / "solutions" / EXERCISE).read_bytes(),
                    "greet does not pass yet": (katas["warm"] / "exercises" / EXERCISE).read_bytes()}
        pytest_command = [sys.executable, "-m", "pytest", "-q", f"tests/{EXERCISE.parent}/test_{EXERCISE.name}"]
        terminals = {name: Terminal(kata, f"{RUNNERS[name]}{sys.executable} -m grader watch")
                     for name, kata in katas.items()}
        try:
            for terminal in terminals.values():
                terminal.wait_for("greet does not pass yet")
            for number in range(runs):
                verdict = list(versions)[number % 2]
                for name, terminal in terminals.items():
                    times.load.append(os.getloadavg()[0])
                    (katas[name] / "exercises" / EXERCISE).write_bytes(versions[verdict])
                    times.watch[name].append(terminal.wait_for(verdict))
                started = time.perf_counter()
                subprocess.run(pytest_command, cwd=katas["warm"], capture_output=True)
                times.pytest.append(time.perf_counter() - started)
                time.sleep(0.3)
        finally:
            for terminal in terminals.values():
                terminal.close()
    return times


def report(times: WatchTimes) -> list[str]:
    p = statistics.median(times.pytest)
    lines = []
    for name, seconds in times.watch.items():
        w = statistics.median(seconds)
        lines.append(f"kata watch ({name}), save to verdict  median {w:.2f} s, ratio to pytest {w / p:.2f}  "
                     f"({', '.join(f'{t:.2f}' for t in seconds)})")
    listed = ", ".join(f"{t:.2f}" for t in times.pytest)
    lines.append(f"plain pytest on the test file       median {p:.2f} s  ({listed})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    times = measure(parser.parse_args().runs)
    print("\n".join(report(times)))
    print(f"load average (1 min) during the run: {min(times.load):.1f} to {max(times.load):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
