"""Known-wrong and alternative-right solutions, and how to turn them into a kata dir.

A variant lives at selftests/variants/<topic>/<exercise>/<kind>_<slug>.py, where kind is `wrong`
or `right`. It holds only the learner names it redefines: it is appended to the exercise's stub,
so the stub's imports and given helpers are there and the variant's definitions win. The first line
of a wrong variant's docstring is `expect: <phrase>`: the suite must reject the variant with a
message containing that phrase (case-insensitive).

    python -m selftests.variants [VARIANT.py ...]   checks variants with pytest, one at a time
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = Path(__file__).resolve().parent / "variants"


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
        return self.path.name.startswith("right_")

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.path.stem}"

    @property
    def expected_phrase(self) -> str | None:
        docstring = ast.get_docstring(ast.parse(self.path.read_text())) or ""
        first = docstring.splitlines()[0] if docstring else ""
        return first.removeprefix("expect:").strip() if first.startswith("expect:") else None

    def source(self) -> str:
        stub = (ROOT / "exercises" / self.topic / f"{self.exercise}.py").read_text()
        return f"{stub}\n\n# ---- variant {self.path.name} ----\n{self.path.read_text()}"

    def install(self, kata_dir: Path) -> None:
        """Write the exercise file (stub + variant) into kata_dir/<topic>/<exercise>.py."""
        target = kata_dir / self.topic / f"{self.exercise}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.source())


def all_variants() -> list[Variant]:
    return [Variant(p) for p in sorted(VARIANTS.glob("*/*/*.py")) if p.name.startswith(("wrong_", "right_"))]


def _check_one(variant: Variant, scratch: Path) -> bool:
    shutil.rmtree(scratch, ignore_errors=True)
    variant.install(scratch)
    suite = ROOT / "tests" / variant.topic / f"test_{variant.exercise}.py"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(suite), "-q", "--kata-dir", str(scratch), "-p", "no:randomly"],
        capture_output=True, text=True, cwd=ROOT,
    )
    passed = run.returncode == 0
    if variant.right:
        ok = passed
        verdict = "accepted" if passed else "REJECTED (should pass)"
    else:
        phrase = variant.expected_phrase or ""
        named = phrase.lower() in run.stdout.lower()
        ok = not passed and bool(phrase) and named
        verdict = ("rejected, names the mistake" if ok else
                   "ACCEPTED (should fail)" if passed else
                   f"rejected, but no message contains {phrase!r}" if phrase else "no `expect:` line")
    print(f"{'ok  ' if ok else 'BAD '} {variant.id}: {verdict}")
    if not ok:
        print("\n".join("      " + line for line in run.stdout.splitlines()[-40:]))
    return ok


def main(argv: list[str]) -> int:
    chosen = [Variant(Path(a).resolve()) for a in argv] or all_variants()
    with tempfile.TemporaryDirectory(prefix="kata-variant-") as scratch:
        results = [_check_one(v, Path(scratch) / "kata") for v in chosen]
    print(f"{sum(results)}/{len(results)} variants behave")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
