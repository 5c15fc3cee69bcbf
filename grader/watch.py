"""`kata watch`: check the current exercise, then again every time its file is saved."""
from __future__ import annotations

import sys

from rich.console import Console

from grader import render, state
from grader.catalog import Catalog


def watch(catalog: Catalog, out: Console) -> int:
    if not sys.stdout.isatty():
        print("kata watch needs a terminal; use `kata` or `kata check` instead.", file=sys.stderr)
        return 2
    import watchfiles

    from grader.cli import record_progress, run_checks

    exercises_dir = catalog.root / "exercises"
    while True:
        progress = state.load(catalog)
        current = progress.next_pending(catalog)
        if current is None:
            out.print("[green]Every exercise is done. Well done![/green]")
            return 0
        path = exercises_dir / current.relative_path
        out.clear()
        out.print(f"[bold]asyncio kata[/bold]  {render.progress_bar(len(progress.done), len(catalog.exercises))}")
        out.print(f"Watching {render.link(path, catalog.root)}  [dim](Ctrl-C to stop)[/dim]\n")
        [result] = run_checks(catalog, [current], exercises_dir)
        record_progress(catalog, progress, [result])
        if result.passed:
            out.print(f"[green]✓ {current.name} passes![/green] Moving on when you save any exercise.")
        else:
            render.diagnosis(out, result)
        # debounce: watchfiles groups the bursts of events an editor makes while saving
        for changes in watchfiles.watch(exercises_dir, debounce=300, step=100):
            if any(changed.endswith(".py") for _, changed in changes):
                break
