"""The files derived from others: the README's exercise table and the manifest of stubs as shipped.

`kata dev update` rewrites them; `kata dev check` reports them stale.
"""
from __future__ import annotations

from pathlib import Path

from grader import shipped
from grader.catalog import Catalog
from grader.formats.exercise_table import with_table

README = "README.md"


def stale(catalog: Catalog) -> list[str]:
    """The derived files that do not match what they are derived from."""
    found = []
    readme = catalog.root / README
    text = readme.read_text(encoding="utf-8") if readme.is_file() else None
    if text is not None and with_table(text, catalog) != text:
        found.append(f"{README} (its exercise table)")
    if shipped.recorded(catalog) != shipped.current(catalog):
        found.append(f"grader/{shipped.MANIFEST_NAME} (the stubs as shipped)")
    return found


def update(catalog: Catalog) -> list[Path]:
    """Rewrite every derived file; the paths written."""
    readme = catalog.root / README
    readme.write_text(with_table(readme.read_text(encoding="utf-8"), catalog), encoding="utf-8")
    return [readme, shipped.write(catalog)]
