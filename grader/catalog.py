"""The catalog (kata.toml): which exercises exist, in which order, where their files live, and their points.

Every other part of the kata reads the exercise list from here, so the catalog file is the single
source of order and metadata, and this module the single owner of the layout:

    exercises/<topic>/<name>.py         what the learner edits (a "kata dir" holds <topic>/<name>.py)
    solutions/<topic>/<name>.py         the reference solution
    tests/<topic>/test_<name>.py        the exercise's suite

The kata root is the folder that holds the catalog, found like git finds the folder that holds `.git`.
"""
from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import CatalogError

CATALOG_FILE = "kata.toml"
EXERCISES, SOLUTIONS, TESTS = "exercises", "solutions", "tests"
CLOCKS = ("virtual", "real")

__all__ = ["CATALOG_FILE", "CLOCKS", "Catalog", "CatalogError", "Exercise", "find_root", "load", "total_points"]


@dataclass(frozen=True)
class Exercise:
    name: str
    topic: str
    clock: str  # "virtual": asyncio.sleep costs no real time; "real": threads, processes, sockets
    points: int
    hints: tuple[str, ...]

    @property
    def relative_path(self) -> Path:
        """Where the learner's file lives inside a kata dir (exercises/, solutions/, a graded copy)."""
        return Path(self.topic) / f"{self.name}.py"

    @property
    def shown_path(self) -> str:
        """The learner's file as the learner knows it: exercises/<topic>/<name>.py."""
        return f"{EXERCISES}/{self.relative_path.as_posix()}"

    @property
    def test_path(self) -> Path:
        """The suite, relative to the kata root."""
        return Path(TESTS) / self.topic / f"test_{self.name}.py"

    @property
    def suite_id(self) -> str:
        """The suite's path as pytest names it in test ids: tests/<topic>/test_<name>.py."""
        return self.test_path.as_posix()

    def file_in(self, kata_dir: Path) -> Path:
        """This exercise's file inside a kata dir."""
        return kata_dir / self.relative_path


def total_points(exercises: Iterable[Exercise]) -> int:
    return sum(exercise.points for exercise in exercises)


@dataclass(frozen=True)
class Catalog:
    root: Path
    topics: dict[str, str]
    exercises: tuple[Exercise, ...]
    learned: dict[str, str] = field(default_factory=dict)  # topic -> what finishing it teaches

    @property
    def exercises_dir(self) -> Path:
        return self.root / EXERCISES

    @property
    def solutions_dir(self) -> Path:
        return self.root / SOLUTIONS

    @property
    def points(self) -> int:
        return total_points(self.exercises)

    def exercise_file(self, exercise: Exercise) -> Path:
        """The learner's file of `exercise` in this kata."""
        return exercise.file_in(self.exercises_dir)

    def solution_file(self, exercise: Exercise) -> Path:
        return exercise.file_in(self.solutions_dir)

    def suite_file(self, exercise: Exercise) -> Path:
        return self.root / exercise.test_path

    def topic_title(self, topic: str) -> str:
        return self.topics.get(topic, topic)

    def in_topic(self, topic: str) -> list[Exercise]:
        return [e for e in self.exercises if e.topic == topic]

    def get(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        close = difflib.get_close_matches(name, [e.name for e in self.exercises], n=3)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else " `kata list` shows them all."
        raise CatalogError(f"There is no exercise called {name!r}.{suggestion}")

    def select(self, names: Iterable[str]) -> list[Exercise]:
        """The named exercises (every one if none is named), each name checked."""
        names = list(names)
        return [self.get(name) for name in names] if names else list(self.exercises)

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
        exercises = tuple(_exercise(entry) for entry in data["exercise"])
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"{root / CATALOG_FILE} is malformed: {error!r}") from error
    return Catalog(root=root, topics=dict(data.get("topics", {})), exercises=exercises,
                   learned=dict(data.get("learned", {})))


def _exercise(entry: dict) -> Exercise:
    clock = entry.get("clock", "virtual")
    if clock not in CLOCKS:
        raise ValueError(f"{entry['name']}: clock must be one of {CLOCKS}, not {clock!r}")
    return Exercise(
        name=entry["name"],
        topic=entry["topic"],
        clock=clock,
        points=int(entry.get("points", 10)),
        hints=tuple(entry.get("hints", ())),
    )
