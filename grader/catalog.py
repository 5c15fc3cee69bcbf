"""The catalog (kata.toml): which exercises exist, in which order, with their hints and points.

Every other part of the kata reads the exercise list from here, so the catalog file is the single
source of order and metadata. The kata root is the folder that holds the catalog, like git finds
the folder that holds `.git`.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CATALOG_FILE = "kata.toml"


class CatalogError(Exception):
    """The catalog is missing or malformed, or a name is not in it."""


@dataclass(frozen=True)
class Exercise:
    name: str
    topic: str
    clock: str  # "virtual" or "real"
    points: int
    hints: tuple[str, ...]

    @property
    def relative_path(self) -> Path:
        """Where the learner's file lives inside a kata dir (exercises/, solutions/, ...)."""
        return Path(self.topic) / f"{self.name}.py"

    @property
    def test_path(self) -> Path:
        """The suite, relative to the kata root."""
        return Path("tests") / self.topic / f"test_{self.name}.py"


@dataclass(frozen=True)
class Catalog:
    root: Path
    topics: dict[str, str]
    exercises: tuple[Exercise, ...]
    learned: dict[str, str] = field(default_factory=dict)  # topic -> what finishing it teaches

    def get(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        close = difflib.get_close_matches(name, [e.name for e in self.exercises], n=3)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else " `kata list` shows them all."
        raise CatalogError(f"There is no exercise called {name!r}.{suggestion}")

    def for_test_file(self, path: Path) -> Exercise | None:
        """The exercise a suite file belongs to (tests/<topic>/test_<name>.py), if any."""
        name = path.stem.removeprefix("test_")
        return next((e for e in self.exercises if e.name == name and e.topic == path.parent.name), None)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds the catalog."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CATALOG_FILE).is_file():
            return folder
    raise CatalogError(
        f"No {CATALOG_FILE} here or in any parent folder: run kata inside the kata's folder."
    )


def load(root: Path | None = None) -> Catalog:
    root = find_root() if root is None else root.resolve()
    try:
        data = tomllib.loads((root / CATALOG_FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(f"Cannot read {root / CATALOG_FILE}: {error}") from error
    try:
        exercises = tuple(
            Exercise(
                name=entry["name"],
                topic=entry["topic"],
                clock=entry.get("clock", "virtual"),
                points=int(entry.get("points", 10)),
                hints=tuple(entry.get("hints", ())),
            )
            for entry in data["exercise"]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"{root / CATALOG_FILE} is malformed: {error!r}") from error
    return Catalog(root=root, topics=dict(data.get("topics", {})), exercises=exercises,
                   learned=dict(data.get("learned", {})))
