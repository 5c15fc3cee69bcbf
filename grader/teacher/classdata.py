"""A graded class as the class report reads it: the data, where it comes from, and what it says.

The report needs little: each exercise (name, topic, points) and, per student, one cell per exercise
(status, points earned, the diagnosis), the notes about their submission, protected-file findings
and whether it could be read at all. `ClassData` holds exactly that, built either from the grader's
own results in memory (`from_graded`) or from the records `kata grade` writes beside its feedback
(`write_records`, `from_records`).

The record of a student, `<feedback>/<student>.json` next to `<student>.md`:

    {"kata_grade_record": 1, "student": "ada", "status": "incomplete", "total": 15, "possible": 100,
     "error": null, "notes": [], "protected": [], "grader_notes": [],
     "topics": {"01_coroutines": "Coroutines: async def and await", ...},
     "exercises": [{"name": "greet", "topic": "01_coroutines", "points": 5, "status": "pass",
                    "score": 5, "tests_passed": 3, "tests": 3, "message": "", "output": ""}, ...]}

One file per student, so the feedback folders of several shards make one class when copied together.

What the data says: `mistakes` groups the first lines of diagnoses by the mistake they name, with
numbers, quoted values, paths and the student's own name set aside ("ran one after another: took
3.0 s" and "... 3.1 s" are one mistake). `anonymised` replaces every name by a stable pseudonym.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.catalog import Catalog
from grader.errors import ReportError
from grader.results import ExerciseResult, Status
from grader.teacher.gradebook import safe_name
from grader.teacher.grading import Graded

# Statuses as the records on disk spell them.
PASS, FAIL, ERROR, TIMEOUT = Status.PASS.value, Status.FAIL.value, Status.ERROR.value, Status.TIMEOUT.value
STATUSES = (PASS, FAIL, TIMEOUT, ERROR)
RECORD_VERSION = 1
RECORD_KEY = "kata_grade_record"


# --- The data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExerciseInfo:
    name: str
    topic: str
    points: int


@dataclass(frozen=True)
class Cell:
    """One student's result on one exercise."""

    status: str  # pass | fail | timeout | error
    score: int
    message: str = ""
    tests_passed: int = 0
    tests: int = 0
    output: str = ""  # what the code printed during the first failing test that printed anything

    @property
    def headline(self) -> str:
        """The first line of the diagnosis: the mistake, named."""
        text = self.message.strip()
        return text.splitlines()[0].strip() if text else ""

    @property
    def partial(self) -> bool:
        return self.status == FAIL and self.score > 0


@dataclass(frozen=True)
class StudentRow:
    name: str
    cells: tuple[Cell, ...]  # in the order of ClassData.exercises
    notes: tuple[str, ...] = ()  # about the submission: files not graded, and why
    protected: tuple[str, ...] = ()  # protected files that were not as shipped
    error: str | None = None  # the submission could not be read at all

    @property
    def total(self) -> int:
        return sum(cell.score for cell in self.cells)

    @property
    def passed(self) -> int:
        return sum(cell.status == PASS for cell in self.cells)

    @property
    def status(self) -> str:
        """As in the gradebook: complete, incomplete or unreadable."""
        if self.error:
            return "unreadable"
        return "complete" if all(cell.status == PASS for cell in self.cells) else "incomplete"

    @property
    def needs_attention(self) -> bool:
        """Something a score alone hides: a grader error, a timeout, notes, protected files."""
        return bool(self.error or self.notes or self.protected
                    or any(cell.status in (ERROR, TIMEOUT) for cell in self.cells))


@dataclass(frozen=True)
class ClassData:
    exercises: tuple[ExerciseInfo, ...]
    students: tuple[StudentRow, ...]
    topics: dict[str, str] = field(default_factory=dict)  # topic -> its title
    notes: tuple[str, ...] = ()  # about the grading run itself (the pristine copy, the grader)
    title: str = "asyncio kata"

    def __post_init__(self) -> None:
        for student in self.students:
            if len(student.cells) != len(self.exercises):
                raise ReportError(f"{student.name} has {len(student.cells)} results for "
                                  f"{len(self.exercises)} exercises.")
        names = [student.name for student in self.students]
        if len(set(names)) != len(names):
            raise ReportError(f"Two students are called {Counter(names).most_common(1)[0][0]!r}.")

    @property
    def possible(self) -> int:
        return sum(exercise.points for exercise in self.exercises)

    def percent(self, student: StudentRow) -> float:
        return 100 * student.total / self.possible if self.possible else 0.0

    def topic_title(self, topic: str) -> str:
        return self.topics.get(topic, topic)


# --- From the grader's results in memory ---------------------------------------------------------

def cell_of(result: ExerciseResult) -> Cell:
    output = next((t.output for t in result.tests if t.status is not Status.PASS and t.output.strip()), "")
    return Cell(result.status.value, result.score, result.message, result.passing, len(result.tests), output)


def from_graded(graded: Iterable[Graded], catalog: Catalog, notes: Iterable[str] = ()) -> ClassData:
    """The class as `kata grade` has just graded it; `notes` are the run's own (the pristine copy's)."""
    exercises = tuple(ExerciseInfo(e.name, e.topic, e.points) for e in catalog.exercises)
    students = tuple(
        StudentRow(item.submission.student, tuple(cell_of(r) for r in item.results),
                   notes=tuple(item.submission.notes), error=item.submission.error)
        for item in graded
    )
    return ClassData(exercises, students, dict(catalog.topics), tuple(notes))


# --- Records on disk -------------------------------------------------------------------------------

def record_of(student: StudentRow, data: ClassData) -> dict[str, Any]:
    """The machine-readable record of one student (see the module's docstring)."""
    return {
        RECORD_KEY: RECORD_VERSION,
        "student": student.name,
        "status": student.status,
        "total": student.total,
        "possible": data.possible,
        "error": student.error,
        "notes": list(student.notes),
        "protected": list(student.protected),
        "grader_notes": list(data.notes),
        "topics": {e.topic: data.topic_title(e.topic) for e in data.exercises},
        "exercises": [
            {"name": e.name, "topic": e.topic, "points": e.points, "status": c.status, "score": c.score,
             "tests_passed": c.tests_passed, "tests": c.tests, "message": c.message, "output": c.output}
            for e, c in zip(data.exercises, student.cells)
        ],
    }


def write_records(data: ClassData, folder: Path) -> list[Path]:
    """One record per student in `folder` (the feedback folder of `kata grade`), beside their feedback."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for student in data.students:
        path = folder / f"{safe_name(student.name)}.json"
        path.write_text(json.dumps(record_of(student, data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def from_records(folder: Path) -> ClassData:
    """The class from the records of an earlier `kata grade` (one or several shards' feedback folders)."""
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder. Give the --feedback folder of `kata grade`.")
    records = []
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ReportError(f"{path} cannot be read: {error}") from None
        if isinstance(record, dict) and RECORD_KEY in record:
            records.append((path, record))
    if not records:
        raise ReportError(f"{folder} holds no grading records (*.json). Grade the class again with "
                          "`kata grade SUBMISSIONS --out grades.csv --feedback DIR`, then report --from DIR.")
    first_path, first = records[0]
    exercises = _exercises_of(first_path, first)
    students, notes, topics = [], dict.fromkeys(first.get("grader_notes", [])), dict(first.get("topics", {}))
    for path, record in records:
        if _exercises_of(path, record) != exercises:
            raise ReportError(f"{path.name} and {first_path.name} were graded with different exercises: "
                              "report on one class at a time.")
        students.append(_student_of(path, record))
        notes.update(dict.fromkeys(record.get("grader_notes", [])))
    return ClassData(exercises, tuple(sorted(students, key=lambda s: s.name)), topics, tuple(notes))


def _exercises_of(path: Path, record: dict) -> tuple[ExerciseInfo, ...]:
    if record.get(RECORD_KEY) != RECORD_VERSION:
        raise ReportError(f"{path.name} is a record of version {record.get(RECORD_KEY)!r}; this kata reads "
                          f"version {RECORD_VERSION}. Report with the kata that graded the class.")
    try:
        return tuple(ExerciseInfo(str(e["name"]), str(e["topic"]), int(e["points"])) for e in record["exercises"])
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(f"{path.name} is not a complete grading record ({error!r}).") from None


def _student_of(path: Path, record: dict) -> StudentRow:
    try:
        cells = tuple(
            Cell(str(e["status"]), int(e["score"]), str(e["message"]), int(e["tests_passed"]), int(e["tests"]),
                 str(e.get("output", "")))
            for e in record["exercises"]
        )
        return StudentRow(str(record["student"]), cells, tuple(map(str, record.get("notes", []))),
                          tuple(map(str, record.get("protected", []))),
                          None if record.get("error") is None else str(record["error"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(f"{path.name} is not a complete grading record ({error!r}).") from None


# --- The mistakes a class makes --------------------------------------------------------------------

# What varies between two students making the same mistake: measured numbers, the values they
# returned, paths, object addresses. Replaced in this order (a path holds numbers, a quote a path).
_VARYING = [
    (re.compile(r"(?<!\w)'[^'\n]*'(?!\w)|(?<!\w)\"[^\"\n]*\"(?!\w)"), "'…'"),
    (re.compile(r"(?:[\w.-]*/)+[\w.-]+|\b[\w-]+\.py\b"), "<path>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "#"),
    (re.compile(r"(?<![A-Za-z_])\d+(?:\.\d+)*"), "#"),
    (re.compile(r"(?:#|'…')(?:, (?:#|'…'))+"), "…"),  # lists of any length: [2, 0, 3] and [5, 1]
]


def mistake_key(headline: str, student: str = "") -> str:
    """What a headline says with the particulars of one run set aside: the mistake it names."""
    text = headline
    if student:
        text = re.sub(rf"(?<!\w){re.escape(student)}(?!\w)", "<student>", text)
    for pattern, placeholder in _VARYING:
        text = pattern.sub(placeholder, text)
    return " ".join(text.split()).rstrip(" .:;")


@dataclass(frozen=True)
class Mistake:
    """Students whose diagnosis names the same mistake on one exercise."""

    key: str
    text: str  # the wording most of them got
    students: tuple[str, ...]
    wordings: int  # how many different first lines the group holds
    statuses: tuple[str, ...]  # fail, timeout, error: as many as students

    @property
    def count(self) -> int:
        return len(self.students)


def mistakes(data: ClassData) -> list[list[Mistake]]:
    """Per exercise (in order), its mistakes, the most common first.

    Unreadable submissions make none: nothing of theirs ran (the report lists them on their own).
    """
    found = []
    for index, _ in enumerate(data.exercises):
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for student in data.students:
            cell = student.cells[index]
            if cell.status != PASS and not student.error:
                headline = cell.headline or "(no diagnosis)"
                groups.setdefault(mistake_key(headline, student.name), []).append(
                    (student.name, headline, cell.status))
        found.append(sorted((_mistake(key, members) for key, members in groups.items()),
                            key=lambda m: (-m.count, m.key)))
    return found


def _mistake(key: str, members: list[tuple[str, str, str]]) -> Mistake:
    wordings = Counter(headline for _, headline, _ in members)
    text = min(wordings, key=lambda wording: (-wordings[wording], wording))
    return Mistake(key, text, tuple(name for name, _, _ in members), len(wordings),
                   tuple(status for _, _, status in members))


# --- Figures ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExerciseStats:
    exercise: ExerciseInfo
    passed: int
    partial: int  # failed, with some points for the tests that pass
    failed: int  # failed with no points
    timeouts: int
    errors: int
    points: int  # earned by the whole class

    @property
    def students(self) -> int:
        return self.passed + self.partial + self.failed + self.timeouts + self.errors

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.students if self.students else 0.0

    @property
    def mean_points(self) -> float:
        return self.points / self.students if self.students else 0.0


def exercise_stats(data: ClassData) -> list[ExerciseStats]:
    stats = []
    for index, exercise in enumerate(data.exercises):
        cells = [student.cells[index] for student in data.students]
        count = Counter("partial" if cell.partial else cell.status for cell in cells)
        stats.append(ExerciseStats(exercise, count[PASS], count["partial"], count[FAIL], count[TIMEOUT],
                                   count[ERROR], sum(cell.score for cell in cells)))
    return stats


BINS = tuple((low, low + 9 if low < 90 else 100) for low in range(0, 100, 10))


def histogram(data: ClassData) -> list[int]:
    """How many students' totals fall in each tenth of the points (BINS, in percent)."""
    counts = [0] * len(BINS)
    for student in data.students:
        counts[min(int(data.percent(student) // 10), len(BINS) - 1)] += 1
    return counts


def topic_completion(data: ClassData) -> list[tuple[str, int, int]]:
    """(topic, students who pass every exercise of it, exercises in it), in catalog order."""
    topics = list(dict.fromkeys(e.topic for e in data.exercises))
    result = []
    for topic in topics:
        indexes = [i for i, e in enumerate(data.exercises) if e.topic == topic]
        done = sum(all(s.cells[i].status == PASS for i in indexes) for s in data.students)
        result.append((topic, done, len(indexes)))
    return result


def median(values: list[int]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- Anonymising -------------------------------------------------------------------------------------

ADJECTIVES = (
    "Amber", "Azure", "Bold", "Brave", "Bright", "Calm", "Clever", "Coral", "Crisp", "Daring", "Eager", "Fair",
    "Gentle", "Golden", "Happy", "Honest", "Jolly", "Keen", "Kind", "Lively", "Lucky", "Mellow", "Merry",
    "Misty", "Nimble", "Noble", "Olive", "Patient", "Plucky", "Quick", "Quiet", "Rapid", "Rosy", "Sandy",
    "Silver", "Steady", "Sunny", "Swift", "Tidy", "Witty",
)
ANIMALS = (
    "Badger", "Beaver", "Bison", "Crane", "Dolphin", "Eagle", "Falcon", "Ferret", "Finch", "Fox", "Gecko",
    "Heron", "Ibis", "Jackal", "Koala", "Lemur", "Lynx", "Marten", "Moose", "Newt", "Ocelot", "Orca", "Otter",
    "Owl", "Panda", "Pelican", "Puffin", "Quail", "Raven", "Robin", "Salmon", "Seal", "Stork", "Swan", "Tapir",
    "Tiger", "Walrus", "Wombat", "Wren", "Yak",
)


def class_salt(data: ClassData) -> bytes:
    """The default key of the pseudonyms: the roster and the exercises, so re-grading keeps them."""
    roster = json.dumps([sorted(s.name for s in data.students), [e.name for e in data.exercises]])
    return hashlib.sha256(roster.encode()).digest()


def pseudonyms(names: Iterable[str], salt: bytes) -> dict[str, str]:
    """A stable, distinct pseudonym per name: a keyed hash of it, spelled as two words."""
    def digest(text: str) -> bytes:
        return hmac.new(salt, text.encode(), hashlib.sha256).digest()

    taken: dict[str, str] = {}
    used: set[str] = set()
    # Collisions are settled in hash order, not name order, so the pseudonyms say nothing about it.
    for name in sorted(set(names), key=digest):
        for attempt in range(1_000_000):
            code = digest(f"{name}\x00{attempt}")
            label = f"{ADJECTIVES[code[0] % len(ADJECTIVES)]} {ANIMALS[code[1] % len(ANIMALS)]}"
            if attempt >= 8:  # a class too large for two words alone
                label += f" {int.from_bytes(code[2:5], 'big') % 1000}"
            if label not in used:
                break
        taken[name] = label
        used.add(label)
    return taken


class NameScrubber:
    """Replaces whole names in a text by their aliases ("Ann" inside "Anna" or "Annual" stays).

    One pattern of all the names is slow over a class's texts, so each text is first cut into words,
    and only the names whose first word is among them are looked for.
    """

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.by_first_word: dict[str, list[str]] = {}
        self.always: list[str] = []  # names without a word character: looked for in every text
        self.patterns: dict[frozenset[str], re.Pattern[str]] = {}
        for name in aliases:
            first = re.search(r"\w+", name)
            (self.by_first_word.setdefault(first.group(0), []) if first else self.always).append(name)

    def __call__(self, text: str) -> str:
        words = set(re.findall(r"\w+", text)) & self.by_first_word.keys()
        present = [name for word in words for name in self.by_first_word[word] if name in text]
        present += [name for name in self.always if name in text]
        return self._pattern(frozenset(present)).sub(lambda m: self.aliases[m.group(0)], text) if present else text

    def _pattern(self, names: frozenset[str]) -> re.Pattern[str]:
        if names not in self.patterns:
            ordered = sorted(names, key=len, reverse=True)  # longest first: "Ann Lee" before "Ann"
            self.patterns[names] = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in ordered))
        return self.patterns[names]


def anonymised(data: ClassData, salt: str | None = None) -> ClassData:
    """The class with every student's name replaced by its pseudonym, in every text of the page."""
    key = salt.encode() if salt else class_salt(data)
    aliases = pseudonyms((s.name for s in data.students), key)
    if not aliases:
        return data
    scrub = NameScrubber(aliases)
    students = tuple(sorted(
        (replace(s, name=aliases[s.name], notes=tuple(map(scrub, s.notes)), protected=tuple(map(scrub, s.protected)),
                 error=None if s.error is None else scrub(s.error),
                 cells=tuple(replace(c, message=scrub(c.message), output=scrub(c.output)) for c in s.cells))
         for s in data.students),
        key=lambda s: s.name,
    ))
    return replace(data, students=students, notes=tuple(map(scrub, data.notes)))
