"""Known-wrong and alternative-right solutions of each exercise, and what each must do to a suite.

A variant lives at selftests/variants/<topic>/<exercise>/<kind>_<slug>.py, where kind is `wrong`
or `right`. It holds only the learner names it redefines: it is appended to the exercise's stub,
so the stub's imports and given helpers are there and the variant's definitions win. The first line
of a wrong variant's docstring is `expect: <phrase>`: the suite must reject the variant with a
message containing that phrase (case-insensitive). A right variant must pass.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.results import ExerciseResult

VARIANTS = Path("selftests") / "variants"
WRONG, RIGHT = "wrong_", "right_"


@dataclass(frozen=True)
class Variant:
    path: Path

    @property
    def topic(self) -> str:
        return self.path.parent.parent.name

    @property
    def exercise(self) -> str:
        return self.path.parent.name

    @property
    def right(self) -> bool:
        return self.path.name.startswith(RIGHT)

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.path.stem}"

    @property
    def expected_phrase(self) -> str | None:
        docstring = ast.get_docstring(ast.parse(self.path.read_text(encoding="utf-8"))) or ""
        first = docstring.splitlines()[0] if docstring else ""
        return first.removeprefix("expect:").strip() if first.startswith("expect:") else None

    def source(self, stub: str) -> str:
        return f"{stub}\n\n# ---- variant {self.path.name} ----\n{self.path.read_text(encoding='utf-8')}"

    def install(self, catalog: Catalog, kata_dir: Path) -> Path:
        """Write the exercise file (stub + variant) into kata_dir/<topic>/<exercise>.py."""
        exercise = catalog.get(self.exercise)
        target = exercise.file_in(kata_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.source(catalog.exercise_file(exercise).read_text(encoding="utf-8")), encoding="utf-8")
        return target


def folder(catalog: Catalog, exercise: Exercise) -> Path:
    return catalog.root / VARIANTS / exercise.topic / exercise.name


def of(catalog: Catalog, exercise: Exercise) -> list[Variant]:
    return [Variant(p) for p in sorted(folder(catalog, exercise).glob("*.py")) if p.name.startswith((WRONG, RIGHT))]


def every(catalog: Catalog) -> list[Variant]:
    return [variant for exercise in catalog.exercises for variant in of(catalog, exercise)]


def messages(result: ExerciseResult) -> str:
    return "\n".join([result.message, *(t.message for t in result.tests)])


def judge(variant: Variant, result: ExerciseResult) -> str | None:
    """What is wrong with how the suite treated `variant`, or None when it behaved."""
    if variant.right:
        return None if result.passed else f"{variant.id} is right but the suite rejects it:\n{messages(result)}"
    if result.passed:
        return f"{variant.id} is wrong but passes the suite"
    phrase = variant.expected_phrase
    if not phrase:
        return f"{variant.path.name}: its docstring must start with `expect: <phrase>`"
    if phrase.lower() not in messages(result).lower():
        return f"{variant.id} is rejected, but no message names the mistake {phrase!r}:\n{messages(result)}"
    return None
