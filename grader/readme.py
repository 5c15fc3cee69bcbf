"""The README's exercise table, generated from the catalog so the two never disagree.

    python -m grader.readme --update    rewrite the table between the markers in README.md
"""
from __future__ import annotations

import sys
from pathlib import Path

from grader.catalog import Catalog
from grader.catalog import load as load_catalog

START, END = "<!-- exercises:start -->", "<!-- exercises:end -->"


def exercise_table(catalog: Catalog) -> str:
    rows = ["| # | Topic | Exercise | Clock | Points |", "|---:|---|---|---|---:|"]
    for number, exercise in enumerate(catalog.exercises, 1):
        topic = catalog.topics.get(exercise.topic, exercise.topic)
        path = f"exercises/{exercise.topic}/{exercise.name}.py"
        rows.append(f"| {number} | {topic} | [`{exercise.name}`]({path}) | {exercise.clock} | {exercise.points} |")
    return "\n".join(rows)


def with_table(readme: str, catalog: Catalog) -> str:
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{exercise_table(catalog)}\n{END}{after}"


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print(__doc__)
        return 2
    catalog = load_catalog(Path(__file__).resolve().parent.parent)
    readme = catalog.root / "README.md"
    readme.write_text(with_table(readme.read_text(encoding="utf-8"), catalog), encoding="utf-8")
    print(f"updated {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
