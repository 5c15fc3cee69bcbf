"""The rules every exercise keeps, written once: `kata dev check` states them for one exercise in
seconds, and the self-tests enforce them for all.

Static rules read files only: the catalog entry, the four files (stub, solution, suite, variants),
the lesson, the `# TODO` learner names, given code identical in stub and solution, the contract
(`../shared/curriculum.toml`, where the project has one beside it) and the generated files. The
verdict rules judge check results: a solution passes, a stub fails every test with a reason, and
each variant behaves (see grader.dev.variants).
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from grader.catalog import CLOCKS, Catalog, Exercise
from grader.dev import generated, variants
from grader.results import ExerciseResult, Status

MIN_LESSON_WORDS = 40
PLACEHOLDER = "TODO"  # what `kata dev new` leaves where a maintainer must write
HINTS = (2, 3)
MIN_WRONG_VARIANTS, MIN_RIGHT_VARIANTS = 3, 3
CONTRACT = Path("..") / "shared" / "curriculum.toml"


def top_level(path: Path) -> dict[str, ast.stmt]:
    """The functions, classes and assigned names at the top of a module."""
    nodes: dict[str, ast.stmt] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            nodes[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    nodes[target.id] = node
    return nodes


def learner_names(stub: Path) -> set[str]:
    """Top-level names with a `# TODO` comment just above them (it may go on for a few lines)."""
    lines = stub.read_text(encoding="utf-8").splitlines()
    names = set()
    for name, node in top_level(stub).items():
        decorators = getattr(node, "decorator_list", [])
        above = min([node.lineno, *(d.lineno for d in decorators)]) - 2
        comment = []
        while above >= 0 and lines[above].lstrip().startswith("#"):
            comment.append(lines[above].lstrip())
            above -= 1
        if any(line.startswith("# TODO") for line in comment):
            names.add(name)
    return names


# --- Static rules: each returns the problems it finds, in a maintainer's words -------------------

def catalog_entry(catalog: Catalog, exercise: Exercise) -> list[str]:
    problems = []
    if exercise.topic not in catalog.topics:
        problems.append(f"{exercise.name}: its topic {exercise.topic} has no title in [topics]")
    if exercise.clock not in CLOCKS:
        problems.append(f"{exercise.name}: clock must be one of {CLOCKS}")
    if exercise.points <= 0:
        problems.append(f"{exercise.name}: give it points")
    if any(hint.startswith(PLACEHOLDER) for hint in exercise.hints):
        problems.append(f"{exercise.name}: its hints in kata.toml are still placeholders")
    if catalog.topic_title(exercise.topic).startswith(PLACEHOLDER):
        problems.append(f"{exercise.name}: the title of topic {exercise.topic} in kata.toml is still a placeholder")
    if not HINTS[0] <= len(exercise.hints) <= HINTS[1]:
        problems.append(f"{exercise.name}: give it {HINTS[0]} or {HINTS[1]} hints in kata.toml, from a nudge to "
                        f"nearly the answer (it has {len(exercise.hints)})")
    return problems


def files(catalog: Catalog, exercise: Exercise) -> list[str]:
    paths = (catalog.exercise_file(exercise), catalog.solution_file(exercise), catalog.suite_file(exercise))
    return [f"{path.relative_to(catalog.root)} is missing" for path in paths if not path.is_file()]


def variant_counts(catalog: Catalog, exercise: Exercise) -> list[str]:
    problems = []
    found = variants.of(catalog, exercise)
    wrong, right = sum(not v.right for v in found), sum(v.right for v in found)
    if wrong < MIN_WRONG_VARIANTS or right < MIN_RIGHT_VARIANTS:
        where = variants.folder(catalog, exercise).relative_to(catalog.root)
        problems.append(f"{where}/ has {wrong} wrong and {right} right variants: write at least "
                        f"{MIN_WRONG_VARIANTS} wrong_*.py (plausible mistakes) and {MIN_RIGHT_VARIANTS} right_*.py "
                        "(genuinely different correct routes)")
    return problems


def lesson_and_code(catalog: Catalog, exercise: Exercise) -> list[str]:
    """The stub teaches and marks what to write; the solution keeps the given code as it is."""
    stub, solution = catalog.exercise_file(exercise), catalog.solution_file(exercise)
    if not (stub.is_file() and solution.is_file()):
        return []
    shown = stub.relative_to(catalog.root)
    problems = []
    lesson = ast.get_docstring(ast.parse(stub.read_text(encoding="utf-8"))) or ""
    if PLACEHOLDER in lesson:
        problems.append(f"{shown}: the lesson (the module docstring) still has its TODO placeholders")
    elif len(lesson.split()) < MIN_LESSON_WORDS:
        problems.append(f"{shown}: the lesson (the module docstring) has {len(lesson.split())} words; a newcomer "
                        f"needs at least {MIN_LESSON_WORDS}")
    learner = learner_names(stub)
    if not learner:
        problems.append(f"{shown}: mark each name the learner writes with a `# TODO` line above it")
    stub_nodes, solution_nodes = top_level(stub), top_level(solution)
    if missing := learner - solution_nodes.keys():
        problems.append(f"{solution.relative_to(catalog.root)} lacks {sorted(missing)}")
    for name, node in stub_nodes.items():
        if name in learner:
            continue
        if name not in solution_nodes:
            problems.append(f"the given {name} is missing from the solution")
        elif ast.dump(node) != ast.dump(solution_nodes[name]):
            problems.append(f"the given {name} differs between stub and solution")
    return problems


def contract(catalog: Catalog, exercise: Exercise) -> list[str]:
    """Topic, clock, learner and given names as the curriculum contract says (when it is beside the kata)."""
    entries = contract_entries(catalog)
    if entries is None:
        return []
    entry = entries.get(exercise.name)
    if entry is None:
        return [f"{exercise.name} is not in the contract"]
    problems = []
    if (exercise.topic, exercise.clock) != (entry["topic"], entry["clock"]):
        problems.append(f"{exercise.name}: topic or clock differs from the contract")
    stub = catalog.exercise_file(exercise)
    if stub.is_file():
        if learner_names(stub) != set(entry["learner"]):
            problems.append(f"{exercise.name}: the learner names differ from the contract's {entry['learner']}")
        if missing := set(entry["given"]) - (set(top_level(stub)) - set(entry["learner"])):
            problems.append(f"{exercise.name}: the given names {sorted(missing)} are missing")
    return problems


def contract_entries(catalog: Catalog) -> dict[str, dict] | None:
    path = catalog.root / CONTRACT
    if not path.is_file():
        return None
    return {entry["name"]: entry for entry in tomllib.loads(path.read_text(encoding="utf-8"))["exercise"]}


def contract_order(catalog: Catalog) -> list[str]:
    entries = contract_entries(catalog)
    if entries is None:
        return []
    built = [e.name for e in catalog.exercises]
    if built != [name for name in entries if name in built]:
        return ["the catalog's order differs from the contract's"]
    return []


def kata_wide(catalog: Catalog) -> list[str]:
    """Rules about the whole kata: unique names, no stray files, generated files fresh, contract order."""
    names = [e.name for e in catalog.exercises]
    problems = [f"{name} is in the catalog twice" for name in sorted({n for n in names if names.count(n) > 1})]
    known = {e.relative_path.as_posix() for e in catalog.exercises}
    for folder in ("exercises", "solutions"):
        for path in sorted((catalog.root / folder).glob("*/*.py")):
            if path.relative_to(catalog.root / folder).as_posix() not in known:
                problems.append(f"{path.relative_to(catalog.root)} is not in the catalog")
    suites = {e.suite_id for e in catalog.exercises}
    for path in sorted((catalog.root / "tests").glob("*/test_*.py")):
        if path.relative_to(catalog.root).as_posix() not in suites:
            problems.append(f"{path.relative_to(catalog.root)} is not in the catalog")
    problems += [f"{name} is stale: run `kata dev update`" for name in generated.stale(catalog)]
    return problems + contract_order(catalog)


STATIC = (catalog_entry, files, variant_counts, lesson_and_code, contract)


def static(catalog: Catalog, exercise: Exercise) -> list[str]:
    return [problem for rule in STATIC for problem in rule(catalog, exercise)]


# --- Verdict rules -------------------------------------------------------------------------------

def judge_solution(result: ExerciseResult) -> str | None:
    if not result.tests:
        return f"{result.exercise.name}: the suite has no tests, and a suite without tests proves nothing"
    if not result.passed:
        return f"the reference solution of {result.exercise.name} fails its suite:\n{variants.messages(result)}"
    return None


def judge_stub(result: ExerciseResult) -> str | None:
    passing = [t.name for t in result.tests if t.status is Status.PASS]
    if passing:
        return (f"the stub of {result.exercise.name} passes {', '.join(passing)}: a test that passes on the stub "
                "checks nothing the learner writes")
    if not result.message.strip():
        return f"the stub of {result.exercise.name} fails without saying why"
    return None
