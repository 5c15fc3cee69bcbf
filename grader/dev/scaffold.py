"""`kata dev new NAME --topic T --clock virtual|real`: a new exercise, scaffolded from templates.

It writes the stub, the reference solution, the suite and the variants folder (one wrong and one
right variant to start from), and appends the catalog entry. Everything it writes is a starting
point: `kata dev check NAME` then says what is left to do (the lesson, hints, more variants).
"""
from __future__ import annotations

import keyword
import re
from pathlib import Path

from grader.catalog import CATALOG_FILE, CLOCKS, Catalog
from grader.dev import variants
from grader.errors import UsageError

TEMPLATES = Path(__file__).with_name("templates")
TOPIC = re.compile(r"\d\d_[a-z][a-z0-9_]*")


def new_exercise(catalog: Catalog, name: str, topic: str, clock: str, points: int = 10) -> list[Path]:
    """Scaffold exercise `name` in `topic`; the paths written (the catalog last)."""
    if not name.isidentifier() or keyword.iskeyword(name) or name != name.lower():
        raise UsageError(f"{name!r}: an exercise name is a lowercase Python identifier, e.g. rate_limiter.")
    if any(e.name == name for e in catalog.exercises):
        raise UsageError(f"There is already an exercise called {name}.")
    if not TOPIC.fullmatch(topic):
        raise UsageError(f"{topic!r}: a topic is written NN_name, e.g. 06_sync.")
    if clock not in CLOCKS:
        raise UsageError(f"--clock {clock}: one of {', '.join(CLOCKS)}.")
    if points < 1:
        raise UsageError("--points must be at least 1.")

    relative = Path(topic) / f"{name}.py"
    planned = {
        catalog.root / "exercises" / relative: "stub.py.txt",
        catalog.root / "solutions" / relative: "solution.py.txt",
        catalog.root / "tests" / topic / f"test_{name}.py": f"suite_{clock}.py.txt",
        catalog.root / variants.VARIANTS / topic / name / "wrong_not_async.py": "wrong_variant.py.txt",
        catalog.root / variants.VARIANTS / topic / name / "right_another_route.py": "right_variant.py.txt",
    }
    if existing := [path for path in planned if path.exists()]:
        raise UsageError(f"{existing[0].relative_to(catalog.root)} exists already: nothing was written.")
    for path, template in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((TEMPLATES / template).read_text(encoding="utf-8").format(name=name), encoding="utf-8")
    catalog_file = catalog.root / CATALOG_FILE
    text = catalog_file.read_text(encoding="utf-8")
    if topic not in catalog.topics:
        text = text.replace("\n[topics]\n", f'\n[topics]\n{topic} = "TODO: the topic\'s title"\n', 1)
    text = text.rstrip("\n") + "\n\n" + catalog_entry(name, topic, clock, points)
    catalog_file.write_text(text, encoding="utf-8")
    return [*planned, catalog_file]


def catalog_entry(name: str, topic: str, clock: str, points: int) -> str:
    return (f'[[exercise]]\nname = "{name}"\ntopic = "{topic}"\nclock = "{clock}"\npoints = {points}\n'
            'hints = [\n    "TODO: a nudge in the right direction.",\n'
            '    "TODO: nearly the answer.",\n]\n')
