"""`kata watch`: the interactive loop. Save the exercise file, see the verdict; single keys do the rest.

It is an asyncio program itself: one loop serves the keyboard (stdin in cbreak mode, read with
`add_reader`), file changes (watchfiles' `awatch`, debounced, or polling with --poll), terminal
resizes (SIGWINCH) and Ctrl-C, while checks run as tasks in child processes. Every event goes
through one queue and ends with a redraw of the whole screen from the watcher's state, so a resize
or a half-saved file can never leave the screen, or the loop, in a broken state.

Keys: n next (only once the current exercise passes), h hint, l list, c check all, r re-run,
x reset (asks first), q quit.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
import tty
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from grader.catalog import Exercise
from grader.errors import ShippedError
from grader.learner import render
from grader.learner.session import Session
from grader.results import ExerciseResult

DEBOUNCE_MS = 200  # an editor's save is a burst of events: wait for it to settle
POLL_MS = 300


def watch(session: Session, out: Console, poll: bool = False) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("kata watch needs an interactive terminal (it reads single keys). "
              "Use `kata` or `kata check NAME` instead.", file=sys.stderr)
        return 2
    return asyncio.run(Watcher(session, out, poll).run())


# --- What can happen: each event is a type of its own ------------------------------------------

@dataclass(frozen=True)
class Key:
    key: str


@dataclass(frozen=True)
class Saved:
    """The current exercise's file changed on disk."""


@dataclass(frozen=True)
class Resized:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Checked:
    result: ExerciseResult


@dataclass(frozen=True)
class CheckedAll:
    results: list[ExerciseResult]


@dataclass(frozen=True)
class Counted:
    """One more exercise of a check of everything is done."""

    text: str


Event = Key | Saved | Resized | Quit | Checked | CheckedAll | Counted


@contextlib.contextmanager
def single_keys(fd: int) -> Iterator[None]:
    """Keys arrive one at a time, without Enter and without echo; the terminal is restored after."""
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class Watcher:
    def __init__(self, session: Session, out: Console, poll: bool) -> None:
        self.session = session
        self.catalog = session.catalog
        self.out = out
        self.poll = poll
        self.exercises_dir = self.catalog.exercises_dir
        self.events: asyncio.Queue[Event] = asyncio.Queue()
        self.current: Exercise | None = None
        self.result: ExerciseResult | None = None
        self.status = ""
        self.panel: list[object] = []  # what the last key asked for: hints, the list, a question
        self.confirming_reset = False
        self.checking: asyncio.Task[None] | None = None

    # --- the loop --------------------------------------------------------------------------------

    async def run(self) -> int:
        notice = self.session.refresh_notice()
        await self.session.refresh_async()
        if notice:
            self.panel = [f"[dim]{escape(notice)}[/dim]"]
        self.current = self.session.current()
        loop = asyncio.get_running_loop()
        fd = sys.stdin.fileno()
        stop_watching = asyncio.Event()
        with single_keys(fd):
            loop.add_reader(fd, self._read_keys, fd)
            loop.add_signal_handler(signal.SIGWINCH, self.events.put_nowait, Resized())
            loop.add_signal_handler(signal.SIGINT, self.events.put_nowait, Quit())
            files = asyncio.create_task(self._watch_files(stop_watching))
            try:
                if self.current is None:
                    self._check_everything(closing=True)
                else:
                    self._check_current()
                while True:
                    event = await self.events.get()
                    try:
                        finished = await self._handle(event)
                    except Exception as error:
                        self.panel = [f"[red]Something went wrong: {escape(repr(error))}[/red]"]
                        finished = None
                    if finished is not None:
                        return finished
                    self._draw()
            finally:
                stop_watching.set()
                loop.remove_reader(fd)
                loop.remove_signal_handler(signal.SIGWINCH)
                loop.remove_signal_handler(signal.SIGINT)
                for task in (files, self.checking):
                    if task is not None:
                        task.cancel()
                await asyncio.gather(files, *(t for t in [self.checking] if t), return_exceptions=True)

    def _read_keys(self, fd: int) -> None:
        try:
            data = os.read(fd, 64)
        except OSError:
            return
        if not data:  # the terminal went away
            self.events.put_nowait(Quit())
            return
        if data.startswith(b"\x1b"):
            return  # arrow keys and other escape sequences
        for key in data.decode("utf-8", errors="ignore"):
            self.events.put_nowait(Key(key.lower()))

    async def _watch_files(self, stop: asyncio.Event) -> None:
        import watchfiles

        async for changes in watchfiles.awatch(
            self.exercises_dir, debounce=DEBOUNCE_MS, step=50, stop_event=stop,
            force_polling=self.poll or None, poll_delay_ms=POLL_MS, recursive=True,
        ):
            changed = {Path(path).resolve() for _, path in changes}
            if self.current is not None and self._path(self.current).resolve() in changed:
                self.events.put_nowait(Saved())

    # --- events ----------------------------------------------------------------------------------

    async def _handle(self, event: Event) -> int | None:
        match event:
            case Quit():
                return self._goodbye()
            case Saved():
                self._check_current()
            case Checked(result):
                return self._checked(result)
            case CheckedAll(results):
                return self._checked_all(results)
            case Counted(text):
                self.status = text
            case Key(key):
                return self._key(key)
        return None  # Resized: just redraw

    def _key(self, key: str) -> int | None:
        if self.confirming_reset:
            self.confirming_reset = False
            if key == "y":
                self._reset()
            else:
                self.panel = ["Left as it was."]
            return None
        if key == "q":
            return self._goodbye()
        if self.current is None:  # every exercise done, the final check under way: only q and c mean anything
            if key == "c":
                self._check_everything(closing=True)
            return None
        action = {"n": self._next, "h": self._hint, "l": self._list, "c": self._check_everything,
                  "r": self._rerun, "x": self._ask_reset}.get(key)
        if action is not None:
            action()
        return None

    def _list(self) -> None:
        self.panel = [render.exercise_table(self.catalog, self.session.done_names(), self.current)]

    def _rerun(self) -> None:
        self.panel = []
        self._check_current()

    def _ask_reset(self) -> None:
        assert self.current is not None
        self.confirming_reset = True
        self.panel = [f"[bold]Reset {self.current.name}[/bold] to the original stub? Your changes will be "
                      "lost. Press [bold]y[/bold] to reset, any other key to keep them."]

    def _next(self) -> None:
        assert self.current is not None
        if not (self.result and self.result.passed):
            self.panel = [f"[yellow]n[/yellow] moves on once {self.current.name} passes. Save your file to "
                          "check it again."]
            return
        following = self.session.next_pending(after=self.current)
        if following is None:
            return
        self.current = following
        self.session.make_current(following)
        self.result = None
        self.panel = [f"Next up: [bold]{following.name}[/bold]. Read the lesson at the top of the file."]
        self._check_current()

    def _hint(self) -> None:
        assert self.current is not None
        hints = self.current.hints
        if not hints:
            self.panel = ["There are no hints for this one: the lesson at the top of the file has it all."]
            return
        shown = self.session.reveal_hint(self.current)
        self.panel = [f"[bold]Hint {n}/{len(hints)}[/bold]\n{render.indent(hint)}"
                      for n, hint in enumerate(shown, 1)]
        if len(shown) == len(hints):
            self.panel.append("[dim]That was the last hint.[/dim]")

    def _reset(self) -> None:
        assert self.current is not None
        try:
            self.session.reset(self.current)
        except (ShippedError, OSError) as error:
            self.panel = [f"[red]Could not reset it:[/red] {escape(str(error))}"]
            return
        self.panel = [f"Reset {self.current.name} to the original stub."]
        self._check_current()  # the file watcher will see the write too; the newest check wins

    # --- checks ----------------------------------------------------------------------------------

    def _check_current(self) -> None:
        exercise = self.current
        if exercise is None:
            return
        self.status = f"[yellow]… checking {exercise.name}[/yellow]"

        async def check() -> None:
            [result] = await self.session.check_async([exercise])
            self.events.put_nowait(Checked(result))

        self._start(check())

    def _check_everything(self, closing: bool = False) -> None:
        """Check every exercise; `closing` when all are marked done and this is the final proof."""
        total = len(self.catalog.exercises)
        self.status = (f"[yellow]… every exercise is marked done: checking all {total} once more[/yellow]"
                       if closing else f"[yellow]… checking all {total} exercises[/yellow]")
        self.panel = []
        count = 0

        def one_done(_: ExerciseResult) -> None:
            nonlocal count
            count += 1
            self.events.put_nowait(Counted(f"[yellow]… checking all exercises: {count}/{total}[/yellow]"))

        async def check() -> None:
            checked = await self.session.check_async(list(self.catalog.exercises), on_done=one_done)
            self.events.put_nowait(CheckedAll(checked))

        self._start(check())

    def _start(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run a check; a newer one replaces one still running (its child processes are ended)."""
        if self.checking is not None and not self.checking.done():
            self.checking.cancel()
        self.checking = asyncio.create_task(coro)
        self._draw()

    def _checked(self, result: ExerciseResult) -> int | None:
        if result.exercise is not self.current:
            return None  # a check of an exercise the learner has moved away from
        self.result = result
        if result.passed:
            if self.session.all_done:
                self._check_everything(closing=True)
                return None
            self.status = (f"[green]✓ {result.exercise.name} passes![/green]  Press [bold]n[/bold] for the next "
                           "exercise.")
        else:
            self.status = f"[red]✗ {result.exercise.name} does not pass yet.[/red]"
        return None

    def _checked_all(self, checked: list[ExerciseResult]) -> int | None:
        failing = [r for r in checked if not r.passed]
        if not failing:
            return self._closing()
        width = max(len(r.exercise.name) for r in failing)
        self.status = f"Checked all: {len(checked) - len(failing)}/{len(checked)} pass."
        self.panel = [render.exercise_line(r, width) for r in failing[:12]]
        if len(failing) > 12:
            self.panel.append(f"[dim]...and {len(failing) - 12} more: `kata list` shows them all.[/dim]")
        if self.current is None or self.session.is_done(self.current):
            self.current = self.session.next_pending(after=self.current)
            if self.current is not None:
                self.session.make_current(self.current)
        self.result = next((r for r in checked if r.exercise is self.current), None)
        return None

    # --- the screen ------------------------------------------------------------------------------

    def _path(self, exercise: Exercise) -> Path:
        return self.catalog.exercise_file(exercise)

    def _draw(self) -> None:
        out, exercise = self.out, self.current
        out.clear()
        total = len(self.catalog.exercises)
        out.print(f"[bold]asyncio kata[/bold]  {render.progress_bar(self.session.done_count, total)}")
        if exercise is None:  # every exercise marked done, final check under way
            out.print(self.status)
            return
        topic = self.catalog.topic_title(exercise.topic)
        out.print(f"[bold]{exercise.name}[/bold] [dim]({escape(topic)})[/dim]  "
                  f"{render.link(self._path(exercise), self.catalog.root)}\n")
        out.print(self.status)
        if self.result is not None and not self.result.passed and self.result.exercise is exercise:
            out.print()
            render.diagnosis(out, self.result, self.catalog.root)
        for item in self.panel:
            out.print()
            out.print(item)
        out.print()
        passed = self.result is not None and self.result.passed
        keys = [("n", "next")] if passed else []
        keys += [("h", "hint"), ("l", "list"), ("c", "check all"), ("r", "re-run"), ("x", "reset"), ("q", "quit")]
        out.print("  ".join(f"[bold]{key}[/bold] {label}" for key, label in keys)
                  + "   [dim]· saving the file re-checks it[/dim]")

    def _goodbye(self) -> int:
        self.out.print(f"\nSee you soon: {render.progress_bar(self.session.done_count, self.session.total)}")
        return 0

    def _closing(self) -> int:
        out = self.out
        out.clear()
        out.print(f"[bold green]Every exercise passes. You finished the asyncio kata![/bold green]  "
                  f"{render.progress_bar(self.session.done_count, self.session.total)}\n")
        out.print("You can now:")
        for topic in self.catalog.topics:
            if topic in self.catalog.learned:
                out.print(f"  • {escape(self.catalog.learned[topic])}")
        out.print("\nThat is asyncio from the first `await` to an event loop of your own. "
                  "Go build something concurrent!")
        return 0
