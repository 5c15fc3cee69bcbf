"""The catalog, the files, the README and the contract agree."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from grader import catalog as catalog_module
from grader import shipped
from grader.formats import exercise_table
from selftests.conftest import ROOT

CATALOG = catalog_module.load(ROOT)
CONTRACT = ROOT.parent / "shared" / "curriculum.toml"
EXERCISES = [pytest.param(e, id=e.name) for e in CATALOG.exercises]


def top_level(path: Path) -> dict[str, ast.AST]:
    nodes = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            nodes[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    nodes[target.id] = node
    return nodes


def learner_names(stub: Path) -> set[str]:
    """Top-level names with a `# TODO` comment just above them (it may go on for a few lines)."""
    lines = stub.read_text().splitlines()
    names = set()
    for name, node in top_level(stub).items():
        above = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 2
        comment = []
        while above >= 0 and lines[above].lstrip().startswith("#"):
            comment.append(lines[above].lstrip())
            above -= 1
        if any(line.startswith("# TODO") for line in comment):
            names.add(name)
    return names


def test_names_are_unique_and_topics_known():
    names = [e.name for e in CATALOG.exercises]
    assert len(names) == len(set(names)), "duplicate exercise names in kata.toml"
    for exercise in CATALOG.exercises:
        assert exercise.topic in CATALOG.topics, f"{exercise.name}: topic {exercise.topic} has no title"
        assert exercise.clock in ("virtual", "real"), f"{exercise.name}: clock {exercise.clock!r}"
        assert exercise.points > 0
        assert 2 <= len(exercise.hints) <= 3, f"{exercise.name}: give 2 or 3 hints"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_exercise_has_stub_solution_and_suite(exercise):
    for path in (ROOT / "exercises" / exercise.relative_path, ROOT / "solutions" / exercise.relative_path,
                 ROOT / exercise.test_path):
        assert path.is_file(), f"{exercise.name}: {path.relative_to(ROOT)} is missing"


def test_no_files_outside_the_catalog():
    known = {str(e.relative_path) for e in CATALOG.exercises}
    for folder in ("exercises", "solutions"):
        found = {str(p.relative_to(ROOT / folder)) for p in (ROOT / folder).glob("*/*.py")}
        assert found <= known, f"{folder}/ has files the catalog does not list: {sorted(found - known)}"
    suites = {str(e.test_path) for e in CATALOG.exercises}
    found = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("*/test_*.py")}
    assert found <= suites, f"tests/ has suites the catalog does not list: {sorted(found - suites)}"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_and_solution_share_the_given_code(exercise):
    stub = ROOT / "exercises" / exercise.relative_path
    solution = ROOT / "solutions" / exercise.relative_path
    learner = learner_names(stub)
    assert learner, f"{stub.relative_to(ROOT)}: mark each learner name with a `# TODO` line above it"
    stub_nodes, solution_nodes = top_level(stub), top_level(solution)
    assert learner <= solution_nodes.keys(), f"the solution lacks {learner - solution_nodes.keys()}"
    for name, node in stub_nodes.items():
        if name not in learner:
            assert name in solution_nodes, f"given {name} is missing from the solution"
            assert ast.dump(node) == ast.dump(solution_nodes[name]), (
                f"given {name} differs between stub and solution")
    docstring = ast.get_docstring(ast.parse(stub.read_text())) or ""
    assert len(docstring.split()) >= 40, f"{stub.relative_to(ROOT)}: the lesson (docstring) is too short"


@pytest.mark.skipif(not CONTRACT.is_file(), reason="the curriculum contract is not beside the project")
def test_catalog_follows_the_contract():
    contract = tomllib.loads(CONTRACT.read_text())["exercise"]
    by_name = {entry["name"]: entry for entry in contract}
    order = [entry["name"] for entry in contract]
    built = [e.name for e in CATALOG.exercises]
    assert built == [name for name in order if name in built], "catalog order differs from the contract"
    for exercise in CATALOG.exercises:
        entry = by_name.get(exercise.name)
        assert entry, f"{exercise.name} is not in the contract"
        assert exercise.topic == entry["topic"], f"{exercise.name}: topic differs from the contract"
        assert exercise.clock == entry["clock"], f"{exercise.name}: clock differs from the contract"
        stub = ROOT / "exercises" / exercise.relative_path
        assert learner_names(stub) == set(entry["learner"]), f"{exercise.name}: learner names differ"
        given = set(top_level(stub)) - set(entry["learner"])
        assert set(entry["given"]) <= given, f"{exercise.name}: given names missing"


def test_readme_table_matches_the_catalog():
    text = (ROOT / "README.md").read_text()
    assert exercise_table.with_table(text, CATALOG) == text, "README table is stale: kata dev update"


def test_pristine_manifest_matches_the_stubs():
    assert shipped.recorded() == shipped.current(CATALOG), "grader/shipped.json is stale: kata dev update"
