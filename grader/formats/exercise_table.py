"""The exercise table of a README, generated from the catalog so the two never disagree.

The kata's README and an exported student README both carry it between the markers.
"""
from __future__ import annotations

from grader.catalog import Catalog

START, END = "<!-- exercises:start -->", "<!-- exercises:end -->"


def exercise_table(catalog: Catalog) -> str:
    rows = ["| # | Topic | Exercise | Clock | Points |", "|---:|---|---|---|---:|"]
    for number, exercise in enumerate(catalog.exercises, 1):
        topic = catalog.topic_title(exercise.topic)
        rows.append(f"| {number} | {topic} | [`{exercise.name}`]({exercise.shown_path}) | {exercise.clock} | "
                    f"{exercise.points} |")
    return "\n".join(rows)


def with_table(readme: str, catalog: Catalog) -> str:
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{exercise_table(catalog)}\n{END}{after}"
