"""The code's own shape: the layers import one way, and every harness helper is documented."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import grader.harness
from selftests.conftest import ROOT

GRADER = ROOT / "grader"
# Who may import whom (grader.<package>); the top modules (catalog, results, errors, ...) are shared
# by everyone. The command line (grader.cli) sits on top of all of them.
LAYERS = {
    "engine": set(),
    "harness": {"engine"},
    "formats": {"engine"},
    "learner": {"engine", "formats"},
    "teacher": {"engine", "formats"},
    "dev": {"engine", "formats", "learner"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # lazy imports inside functions count too
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("grader.")}


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


def test_layers_import_one_way():
    wrong = []
    for path in sorted(GRADER.rglob("*.py")):
        here = package_of("grader." + ".".join(path.relative_to(GRADER).with_suffix("").parts))
        for module in imports_of(path):
            there = package_of(module)
            if there is None or there == here:
                continue
            if here is None and path.name != "cli.py" and path.parent == GRADER:
                wrong.append(f"{path.relative_to(ROOT)} (shared) imports {module}")
            elif here is not None and there not in LAYERS[here]:
                wrong.append(f"{path.relative_to(ROOT)} ({here}) imports {module} ({there})")
    assert not wrong, "\n".join(wrong)


def test_every_module_says_its_job_in_its_first_line():
    missing = [str(path.relative_to(ROOT)) for path in sorted(GRADER.rglob("*.py"))
               if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert not missing, f"modules without a docstring: {missing}"


def test_every_harness_helper_is_documented_in_contributing():
    text = re.sub(r"(?ms)^```.*?^```", "", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))  # code blocks
    spans = re.findall(r"`([^`]+)`", text)
    documented = {name for span in spans for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", span)}
    missing = sorted(set(grader.harness.__all__) - documented)
    assert not missing, f"grader.harness exports these without a row in CONTRIBUTING.md's helper table: {missing}"


def test_suites_import_only_the_harness_surface():
    wrong = []
    surface = {"grader.harness", *(f"grader.harness.{name}" for name in grader.harness.__all__)}
    for suite in sorted((ROOT / "tests").rglob("test_*.py")):
        for module in imports_of(suite):
            through_surface = module in surface
            if not through_surface:
                wrong.append(f"{suite.relative_to(ROOT)} imports {module}")
    assert not wrong, "suites import everything from grader.harness:\n" + "\n".join(wrong)
