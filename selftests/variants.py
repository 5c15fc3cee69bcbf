"""Check some variants at once, from the command line (grader.dev.variants says what they are):

    python -m selftests.variants selftests/variants/<topic>/<name>/*.py

`kata dev check NAME` checks an exercise's variants together with every other rule.
"""
from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from grader import catalog as catalog_module
from grader.dev import variants
from grader.engine import runner

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    catalog = catalog_module.load(ROOT)
    chosen = [variants.Variant(Path(a).resolve()) for a in argv] or variants.every(catalog)
    with tempfile.TemporaryDirectory(prefix="kata-variant-") as scratch:
        checks = []
        for number, variant in enumerate(chosen):
            kata_dir = Path(scratch) / str(number)
            variant.install(catalog, kata_dir)
            checks.append(runner.Check(catalog.get(variant.exercise), kata_dir))
        results = asyncio.run(runner.check_many(catalog.root, checks))
    problems = 0
    for variant, result in zip(chosen, results, strict=True):
        problem = variants.judge(variant, result)
        problems += problem is not None
        verdict = "accepted" if variant.right else "rejected, names the mistake"
        print(f"{'ok  ' if problem is None else 'BAD '} {variant.id}: {verdict if problem is None else ''}")
        if problem is not None:
            print("\n".join("      " + line for line in problem.splitlines()[:40]))
    print(f"{len(chosen) - problems}/{len(chosen)} variants behave")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
