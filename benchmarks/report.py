"""Benchmark of the class report, run by hand (not part of the test suite):

    python benchmarks/report.py [--students 30 300] [--runs 5] [--keep DIR]

For each class size, a generated class (selftests/report_class.py: recorded grading results of
solutions, stubs, known-wrong variants, broken and hostile files, with planted mistakes) is turned
into the page twice: from the grader's results in memory (as `kata grade --report` does) and from
the records on disk (as `kata report --from` does, reading included). Reports the page's size and the
median build time of each way; `--keep DIR` leaves the pages there to look at.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # selftests/ is not installed: it is found from here

from grader.teacher.classdata import from_graded, from_records, write_records  # noqa: E402
from grader.teacher.report import write_report  # noqa: E402
from selftests import report_class  # noqa: E402


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(students: int, runs: int, folder: Path) -> None:
    catalog = report_class.class_catalog()
    graded = report_class.synthetic_graded(report_class.plan(catalog, students), catalog)
    page = folder / f"report-{students}.html"
    records = folder / f"feedback-{students}"
    write_records(from_graded(graded, catalog), records)
    in_memory = median_seconds(lambda: write_report(from_graded(graded, catalog), page), runs)
    from_disk = median_seconds(lambda: write_report(from_records(records), page), runs)
    anonymous = median_seconds(lambda: write_report(from_graded(graded, catalog), page, anonymise=True), runs)
    size = page.stat().st_size
    write_report(from_graded(graded, catalog), page)
    print(f"{students:>4} students, {len(catalog.exercises)} exercises: page {page.stat().st_size / 1024:,.0f} KiB "
          f"(anonymised {size / 1024:,.0f} KiB); built in {in_memory:.2f} s from results in memory, "
          f"{from_disk:.2f} s from records on disk, {anonymous:.2f} s anonymised (median of {runs})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="write the pages here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for students in args.students:
            measure(students, args.runs, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
