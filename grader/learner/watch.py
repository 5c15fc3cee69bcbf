"""`kata watch`: the interactive loop. Save the exercise file, see the verdict; single keys do the rest.

It is an asyncio program itself: one loop serves the keyboard (stdin in cbreak mode, read with
`add_reader`), file changes (watchfiles' `awatch`, debounced, or polling with --poll), terminal
resizes (SIGWINCH) and Ctrl-C, while checks run as tasks in child processes. Every event goes
through one queue and ends with a redraw of the whole screen from the watcher's state, on the
terminal's alternate screen, in one write: nothing else ever writes to it, so no stray row survives
a redraw, and a resize or a half-saved file can never leave the screen, or the loop, broken.

The screen reads top to bottom: the exercise, the verdict, its evidence, then what to do next (a
hint, the list, a question) and the keys. A save is one check however many file events it makes:
watch waits for the file to settle and checks only content it has not checked yet, and only the
newest check's verdict is shown. `n` acts on the verdict on screen.

Keys: n next (once the current exercise passes), h hint, l list, c check all, r re-run,
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

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.text import Text

from grader.catalog import Exercise
from grader.errors import ShippedError
from grader.learner import render
from grader.learner.progress_file import fingerprint
from grader.learner.session import Session
from grader.results import ExerciseResult

DEBOUNCE_MS = 200  # an editor's save is a burst of events: wait for it to settle
POLL_MS = 300
# A file counts as saved once its content stays the same this long. watchfiles reports a change only
# after 50 ms without events, so a short second look is enough to catch an editor still writing.
SETTLE_S = 0.05
SETTLE_MOST_S = 2.0  # ...or once it has kept changing this long (a log file, say): check what is there


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
    """The current exercise's file changed on disk (one save may bring several of these)."""


@dataclass(frozen=True)
class Settled:
    """The file of `exercise` stopped changing; `fingerprint` is its content now."""

    exercise: Exercise
    fingerprint: str


@dataclass(frozen=True)
class Resized:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Checked:
    result: ExerciseResult
    check: int  # which check it answers: only the newest one counts
    fingerprint: str  # the file's content it checked


@dataclass(frozen=True)
class CheckedAll:
    results: list[ExerciseResult]
    check: int


@dataclass(frozen=True)
class Counted:
    """One more exercise of a check of everything is done."""

    done: int
    check: int


Event = Key | Saved | Settled | Resized | Quit | Checked | CheckedAll | Counted


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
        # The verdict on screen: the newest check of the current exercise, and the content it checked.
        self.result: ExerciseResult | None = None
        self.checked_content = ""
        self.checks = 0  # numbers the checks; an answer to an older one is dropped
        self.checking: asyncio.Task[None] | None = None
        self.checking_what = ""  # "" when no check runs, else what the status line says meanwhile
        self.all_progress: tuple[int, int] | None = None  # a check of everything: (done, total)
        self.final = False  # that check is the final proof that every exercise passes
        self.finished = False  # it proved it: the closing screen stays until q
        self.note = ""  # one line above the verdict: a refresh under way, a new exercise
        self.panel: list[RenderableType] = []  # what the last key asked for: hints, the list, a question
        self.confirming_reset = False
        self.settling: asyncio.Task[None] | None = None
        self.settling_for: Exercise | None = None

    # --- the loop --------------------------------------------------------------------------------

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        fd = sys.stdin.fileno()
        stop_watching = asyncio.Event()
        with single_keys(fd), self._alternate_screen():
            loop.add_reader(fd, self._read_keys, fd)
            loop.add_signal_handler(signal.SIGWINCH, self.events.put_nowait, Resized())
            loop.add_signal_handler(signal.SIGINT, self.events.put_nowait, Quit())
            files = asyncio.create_task(self._watch_files(stop_watching))
            try:
                self._start(self._begin())
                while True:
                    event = await self.events.get()
                    try:
                        finished = await self._handle(event)
                    except Exception as error:
                        self.panel = [f"[red]Something went wrong: {escape(repr(error))}[/red]"]
                        finished = None
                    if finished is not None:
                        code = finished
                        break
                    self._draw()
            finally:
                stop_watching.set()
                loop.remove_reader(fd)
                loop.remove_signal_handler(signal.SIGWINCH)
                loop.remove_signal_handler(signal.SIGINT)
                tasks = [task for task in (files, self.checking, self.settling) if task is not None]
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        self.out.print(f"See you soon: {render.progress_bar(self.session.done_count, self.session.total)}")
        return code

    @contextlib.contextmanager
    def _alternate_screen(self) -> Iterator[None]:
        """Watch draws on the terminal's alternate screen, cursor hidden; the learner's screen comes back after."""
        self.out.set_alt_screen(True)
        self.out.show_cursor(False)
        try:
            yield
        finally:
            self.out.show_cursor(True)
            self.out.set_alt_screen(False)

    async def _begin(self) -> None:
        """Re-check what the progress file cannot vouch for (saying so at once), then the exercise to work
        on, or everything once more when every exercise is marked done."""
        notice = self.session.refresh_notice()
        if notice:
            self.note, self.checking_what = notice, "… re-checking"
            self._draw()
            await self.session.refresh_async()
            self.checking_what = ""
        self.current = self.session.current()
        if self.current is None:
            self.events.put_nowait(Key("c"))  # as if the learner asked: check everything, the final proof
        else:
            self.events.put_nowait(Settled(self.current, fingerprint(self._path(self.current))))

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
                return 0
            case Saved():
                self._settle()
            case Settled(exercise, content) if exercise is self.current:
                if content != self.checked_content or self.result is None:
                    if not self.confirming_reset:  # the reset question stands until it is answered
                        self.panel = []  # a new attempt: what was asked about the old one is stale
                    self._check_current(content)
            case Checked(result, check, content) if check == self.checks:
                self._checked(result, content)
            case CheckedAll(results, check) if check == self.checks:
                self._checked_all(results)
            case Counted(done, check) if check == self.checks and self.all_progress:
                self.all_progress = (done, self.all_progress[1])
            case Key(key):
                return self._key(key)
        return None  # Resized, or the answer to a check that was replaced: just redraw

    def _key(self, key: str) -> int | None:
        if self.confirming_reset:
            self.confirming_reset = False
            if key == "y":
                self._reset()
            else:
                self.panel = ["Left as it was."]
            return None
        if key == "q":
            return 0
        if key == "c":
            self._check_everything()
            return None
        if self.current is None or self.final:  # the final check of everything: only q and c mean anything
            return None
        action = {"n": self._next, "h": self._hint, "l": self._list, "r": self._rerun, "x": self._ask_reset}.get(key)
        if action is not None:
            action()
        return None

    def _list(self) -> None:
        self.panel = [render.exercise_table(self.catalog, self.session.done_names(), self.current)]

    def _rerun(self) -> None:
        assert self.current is not None
        self.panel = []
        self._check_current(fingerprint(self._path(self.current)))

    def _ask_reset(self) -> None:
        assert self.current is not None
        self.confirming_reset = True
        self.panel = [f"[bold]Reset {self.current.name}[/bold] to the original stub? Your changes will be "
                      "lost. Press [bold]y[/bold] to reset, any other key to keep them."]

    def _next(self) -> None:
        """Move on, if the verdict on screen says the exercise passes (whatever check may be under way)."""
        assert self.current is not None
        if not self._passes_on_screen():
            waiting = " It is being checked now." if self.checking_what else " Save your file to check it again."
            self.panel = [f"[yellow]n[/yellow] moves on once {self.current.name} passes.{waiting}"]
            return
        following = self.session.next_pending(after=self.current)
        if following is None:
            return
        self.current = following
        self.session.make_current(following)
        self.result, self.checked_content = None, ""
        self.note = "New exercise: read the lesson at the top of the file."
        self.panel = []
        self._check_current(fingerprint(self._path(following)))

    def _passes_on_screen(self) -> bool:
        return (self.result is not None and self.result.passed and not self.checking_what
                and self.result.exercise is self.current)

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
        self._check_current(fingerprint(self._path(self.current)))  # the file events of the write add nothing

    # --- checks ----------------------------------------------------------------------------------

    def _settle(self) -> None:
        """Wait until the current file stops changing, then say so (one Settled for a burst of events)."""
        exercise = self.current
        assert exercise is not None
        if self.settling is not None and not self.settling.done():
            if self.settling_for is exercise:
                return  # already waiting for this save to settle
            self.settling.cancel()  # a save of the exercise the learner has just left
        self.settling_for = exercise
        path = self._path(exercise)

        async def settle() -> None:
            loop = asyncio.get_running_loop()
            began, seen = loop.time(), fingerprint(path)
            while loop.time() - began < SETTLE_MOST_S:
                await asyncio.sleep(SETTLE_S)
                now = fingerprint(path)
                if now == seen:
                    break
                seen = now
            self.events.put_nowait(Settled(exercise, seen))

        self.settling = asyncio.create_task(settle())

    def _check_current(self, content: str) -> None:
        exercise = self.current
        if exercise is None:
            return
        self.checked_content = content
        self.checking_what = f"… checking {exercise.name}"
        check = self._next_check()

        async def run() -> None:
            [result] = await self.session.check_async([exercise])
            self.events.put_nowait(Checked(result, check, content))

        self._start(run())

    def _check_everything(self) -> None:
        """Check every exercise; when all are marked done, this is the final proof."""
        total = len(self.catalog.exercises)
        self.final, self.finished = self.session.all_done, False
        self.all_progress = (0, total)
        self.checking_what = (f"… every exercise is marked done: checking all {total} once more" if self.final
                              else f"… checking all {total} exercises")
        self.panel = []
        check = self._next_check()
        count = 0

        def one_done(_: ExerciseResult) -> None:
            nonlocal count
            count += 1
            self.events.put_nowait(Counted(count, check))

        async def run() -> None:
            checked = await self.session.check_async(list(self.catalog.exercises), on_done=one_done)
            self.events.put_nowait(CheckedAll(checked, check))

        self._start(run())

    def _next_check(self) -> int:
        self.checks += 1
        return self.checks

    def _start(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run a check; a newer one replaces one still running (its child processes are ended)."""
        if self.checking is not None and not self.checking.done():
            self.checking.cancel()
        self.checking = asyncio.create_task(coro)
        self._draw()

    def _checked(self, result: ExerciseResult, content: str) -> None:
        self.result, self.checked_content, self.checking_what = result, content, ""
        self.note = ""
        if result.passed and self.session.all_done:
            self._check_everything()  # the last one: prove them all once more, under the ✓

    def _checked_all(self, checked: list[ExerciseResult]) -> None:
        self.checking_what, self.all_progress = "", None
        failing = [r for r in checked if not r.passed]
        if not failing:
            self.finished = True
            return
        self.final = False
        width = max(len(r.exercise.name) for r in failing)
        self.panel = [f"Checked all: {len(checked) - len(failing)}/{len(checked)} pass. Still to do:",
                      *(render.exercise_line(r, width) for r in failing[:12])]
        if len(failing) > 12:
            self.panel.append(f"[dim]...and {len(failing) - 12} more: `kata list` shows them all.[/dim]")
        if self.current is None or self.session.is_done(self.current):
            self.current = self.session.next_pending(after=self.current)
            if self.current is not None:
                self.session.make_current(self.current)
        self.result = next((r for r in checked if r.exercise is self.current), None)
        self.checked_content = fingerprint(self._path(self.current)) if self.current else ""

    # --- the screen ------------------------------------------------------------------------------

    def _path(self, exercise: Exercise) -> Path:
        return self.catalog.exercise_file(exercise)

    def _draw(self) -> None:
        """The whole screen from the state, in one write: every row is rewritten or cleared."""
        out = self.out
        lines = self._screen_lines()
        out.file.write("\x1b[H" + "".join(line + "\x1b[K\n" for line in lines[:-1]) + lines[-1] + "\x1b[K\x1b[J")
        out.file.flush()

    def _screen_lines(self) -> list[str]:
        """The screen as terminal lines, cut to the window's height (the keys always on the last row)."""
        with self.out.capture() as capture:
            self.out.print(Group(*self._view()), soft_wrap=False)
        lines = capture.get().rstrip("\n").split("\n")
        keys = self._captured(self._keys()).split("\n")
        room = max(2, self.out.size.height - len(keys) - 1)  # a blank row, then the keys on the last rows
        if len(lines) > room:
            hidden = len(lines) - (room - 1)
            lines = [*lines[:room - 1], self._captured(Text(f"… {hidden} more lines: make the window taller "
                                                            "to see them", style="dim"))]
        return [*lines, "", *keys]

    def _captured(self, renderable: RenderableType) -> str:
        with self.out.capture() as capture:
            self.out.print(renderable, soft_wrap=False)
        return capture.get().rstrip("\n")

    def _view(self) -> list[RenderableType]:
        """Top to bottom: progress, the exercise, the verdict, its evidence, then what to do next."""
        total = len(self.catalog.exercises)
        view: list[RenderableType] = [
            Text.from_markup(f"[bold]asyncio kata[/bold]  {render.progress_bar(self.session.done_count, total)}")]
        if self.finished:
            return [*view, *self._closing()]
        exercise = self.current
        if exercise is not None:
            topic = self.catalog.topic_title(exercise.topic)
            view.append(Text.from_markup(f"[bold]{exercise.name}[/bold] [dim]({escape(topic)})[/dim]  "
                                         f"{render.link(self._path(exercise), self.catalog.root)}"))
        if self.note:
            view.append(Text(self.note, style="dim"))
        view += [Text(), *self._verdict()]
        if self.all_progress is not None:
            done, count = self.all_progress
            view.append(Text.from_markup(render.progress_bar(done, count, label="checked")))
        if self._evidence_shown():
            assert self.result is not None
            plain = render.plain_figures(self.out)
            view += [Text(), render.diagnosis_view(self.result, self.catalog.root, plain=plain)]
        for item in self.panel:
            view += [Text(), item]
        return view

    def _verdict(self) -> list[RenderableType]:
        lines: list[RenderableType] = []
        result = self.result
        if result is not None and result.exercise is self.current and (self.final or not self.checking_what):
            name = result.exercise.name
            if result.passed:
                following = "" if self.session.all_done else "  Press [bold]n[/bold] for the next exercise."
                lines.append(Text.from_markup(f"[green]✓ {name} passes![/green]{following}"))
            else:
                lines.append(Text.from_markup(f"[red]✗ {name} does not pass yet.[/red]"))
        if self.checking_what:
            lines.append(Text(self.checking_what, style="yellow"))
        return lines

    def _evidence_shown(self) -> bool:
        result = self.result
        return (result is not None and not result.passed and result.exercise is self.current
                and not self.checking_what)

    def _keys(self) -> Text:
        if self.finished or self.final or self.current is None:
            keys = [("c", "check all again"), ("q", "quit")]
            return Text.from_markup("  ".join(f"[bold]{key}[/bold] {label}" for key, label in keys))
        keys = [("n", "next")] if self._passes_on_screen() else []
        keys += [("h", "hint"), ("l", "list"), ("c", "check all"), ("r", "re-run"), ("x", "reset"), ("q", "quit")]
        return Text.from_markup("  ".join(f"[bold]{key}[/bold] {label}" for key, label in keys)
                                + "   [dim]· saving the file re-checks it[/dim]")

    def _closing(self) -> list[RenderableType]:
        lines: list[RenderableType] = [
            Text(),
            Text.from_markup("[bold green]✓ Every exercise passes. You finished the asyncio kata![/bold green]"),
            Text(), Text("You can now:")]
        for topic in self.catalog.topics:
            if topic in self.catalog.learned:
                lines.append(render.Hanging(Text(self.catalog.learned[topic]), 4, Text("  •")))
        lines += [Text(), Text("That is asyncio from the first `await` to an event loop of your own. "
                               "Go build something concurrent!")]
        return lines
