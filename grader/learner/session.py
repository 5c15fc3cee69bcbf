"""The learner's session: the one owner of every change of progress, shared by the commands and watch.

It knows the current exercise, which exercises pass (with the fingerprint of the file as it
passed), and which hints were revealed; it runs checks through the engine and records what they
found. `kata`, `kata check`, `kata hint`, `kata reset` and watch mode all go through it, so a rule
such as "an exercise edited since it passed is checked again" is written once.

Used as a context manager (`with Session(catalog) as session:`), it keeps one engine runner, and so
one warm parent process, for all its checks: watch mode re-checks a saved file without starting
pytest again. Without `with`, each batch of checks gets a runner of its own.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from grader import shipped
from grader.catalog import Catalog, Exercise
from grader.engine import runner
from grader.learner import progress_file
from grader.learner.progress_file import Progress
from grader.results import ExerciseResult


class Session:
    def __init__(self, catalog: Catalog, progress: Progress | None = None) -> None:
        self.catalog = catalog
        self.progress = progress if progress is not None else progress_file.load(catalog)
        self.runner: runner.Runner | None = None

    def __enter__(self) -> Session:
        self.runner = runner.Runner(graded=False)
        return self

    def __exit__(self, *_: object) -> None:
        if self.runner is not None:
            self.runner.close()
            self.runner = None

    # --- what the state says ------------------------------------------------------------------

    @property
    def done_count(self) -> int:
        return len(self.progress.done)

    @property
    def total(self) -> int:
        return len(self.catalog.exercises)

    @property
    def all_done(self) -> bool:
        return self.done_count == self.total

    def is_done(self, exercise: Exercise) -> bool:
        return self.progress.is_done(exercise)

    def done_names(self) -> set[str]:
        return set(self.progress.done)

    def earned_points(self) -> int:
        return sum(e.points for e in self.catalog.exercises if self.is_done(e))

    def next_pending(self, after: Exercise | None = None) -> Exercise | None:
        return self.progress.next_pending(self.catalog, after=after)

    def current(self) -> Exercise | None:
        """The exercise to work on: the recorded current one until it passes, then the next pending."""
        recorded = self.progress.current_exercise(self.catalog)
        if recorded is not None and not self.progress.is_done(recorded):
            return recorded
        return self.next_pending(after=recorded)

    def hints_seen(self, exercise: Exercise) -> int:
        return self.progress.hints_shown.get(exercise.name, 0)

    # --- changes ------------------------------------------------------------------------------

    def needs_refresh(self) -> list[Exercise]:
        """Exercises the progress file cannot vouch for: all of them if it was unreadable."""
        if self.progress.corrupt:
            return list(self.catalog.exercises)
        return [e for e in self.catalog.exercises if e.name in self.progress.stale]

    def refresh_notice(self) -> str:
        if self.progress.corrupt:
            return (f"Note: {progress_file.STATE_FILE} was unreadable: rebuilding it from a check of every "
                    "exercise.")
        stale = self.needs_refresh()
        return f"Note: re-checking {', '.join(e.name for e in stale)}: edited since it last passed." if stale else ""

    async def refresh_async(self) -> list[ExerciseResult]:
        """Re-check what the progress file cannot vouch for, and record it."""
        recheck = self.needs_refresh()
        if not recheck:
            return []
        checked = await self.check_async(recheck)
        self.progress.corrupt, self.progress.stale = False, []
        return checked

    def refresh(self) -> list[ExerciseResult]:
        return asyncio.run(self.refresh_async()) if self.needs_refresh() else []

    async def check_async(self, exercises: list[Exercise], *, kata_dir: Path | None = None, jobs: int | None = None,
                          on_done: runner.OnDone | None = None) -> list[ExerciseResult]:
        """Check `exercises`; results for the learner's own files are recorded as progress."""
        own = self.catalog.exercises_dir.resolve()
        kata_dir = (kata_dir or own).resolve()
        checked = await runner.check_all(self.catalog, exercises, kata_dir, jobs=jobs, on_done=on_done,
                                         runner=self.runner)
        if kata_dir == own:
            self.record(checked)
        return checked

    def check(self, exercises: list[Exercise], *, kata_dir: Path | None = None, jobs: int | None = None,
              on_done: runner.OnDone | None = None) -> list[ExerciseResult]:
        """`check_async` for a command. A failing `on_done` (say, a closed pipe: `kata check | head`)
        must not abandon the checks half-way with children running: the error is raised once they end."""
        display_error: list[BaseException] = []

        def show(result: ExerciseResult) -> None:
            if on_done and not display_error:
                try:
                    on_done(result)
                except BaseException as error:
                    display_error.append(error)

        checked = asyncio.run(self.check_async(exercises, kata_dir=kata_dir, jobs=jobs, on_done=show))
        if display_error:
            raise display_error[0]
        return checked

    def record(self, checked: list[ExerciseResult]) -> None:
        checked = [r for r in checked if not r.grader_error]  # not checked: says nothing about the code
        for result in checked:
            exercise = result.exercise
            self.progress.mark(exercise, result.passed, progress_file.fingerprint(self.catalog.exercise_file(exercise)))
        if self.progress.corrupt and {r.exercise.name for r in checked} >= {e.name for e in self.catalog.exercises}:
            self.progress.corrupt = False  # a check of everything is the whole truth
        self.save()

    def make_current(self, exercise: Exercise) -> None:
        self.progress.current = exercise.name
        self.save()

    def reveal_hint(self, exercise: Exercise, *, every: bool = False) -> tuple[str, ...]:
        """The hints of `exercise` shown so far, one more than before (or all of them)."""
        seen = self.hints_seen(exercise)
        upto = len(exercise.hints) if every else min(seen + 1, len(exercise.hints))
        self.progress.hints_shown[exercise.name] = max(seen, upto)
        self.save()
        return exercise.hints[:upto]

    def reset(self, exercise: Exercise) -> Path:
        """Put the exercise file back as shipped; it no longer counts as done."""
        target = self.catalog.exercise_file(exercise)
        content = shipped.stub(self.catalog, exercise)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.progress.done.pop(exercise.name, None)
        self.save()
        return target

    def save(self) -> None:
        # An unreadable file is only replaced once every exercise has been checked: until then it
        # still says more than the few results this session has.
        if not self.progress.corrupt:
            progress_file.save(self.catalog, self.progress)
