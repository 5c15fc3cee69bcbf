"""Turning measurements and exceptions into diagnoses a learner can act on.

Every failure message has the same shape: the first line names the mistake in the learner's words,
then comes the evidence (what was measured, which line), then a hint. Suites call `fail` and the
`expect_*` helpers; the plugin calls `explain` for exceptions nobody caught.
"""
from __future__ import annotations

import asyncio
import inspect
import math
import re
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest

from grader.figure import Figure
from grader.harness.tracebacks import awaited_a_non_awaitable, raised_through

MAX_MESSAGE_CHARS = 4000


def message(headline: str, *evidence: str, hint: str | None = None) -> str:
    parts = [headline.strip()]
    parts += [line.rstrip() for line in evidence if line]
    if hint:
        parts.append(f"Hint: {hint.strip()}")
    text = "\n".join(parts)
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[:MAX_MESSAGE_CHARS] + "\n... (message truncated)"
    return text


def fail(headline: str, *evidence: str, hint: str | None = None, figure: Figure | None = None) -> NoReturn:
    """Fail the test with a diagnosis (no pytest traceback: the message says it all).

    `figure`, a timeline of the learner's runs beside the expected schedule (see probes.Recorder.figure),
    travels with the failure to the learner's screen, which draws it under the message.
    """
    try:
        pytest.fail(message(headline, *evidence, hint=hint), pytrace=False)
    except pytest.fail.Exception as failure:
        # Called inside an `except` block, the failure would show "During handling of the above
        # exception..." and the suite's own exception: the diagnosis already says what matters.
        failure.__suppress_context__ = True
        if figure is not None:
            failure.kata_figure = figure  # type: ignore[attr-defined]  # read by the plugin's makereport
        raise


def figure_of(error: BaseException) -> Figure | None:
    """The timeline `fail` attached to a failure, if any."""
    figure = getattr(error, "kata_figure", None)
    return figure if isinstance(figure, Figure) else None


def seconds(value: float) -> str:
    """0.5 -> '0.5 s', 3.0 -> '3.0 s', 0.123456 -> '0.123 s'."""
    text = f"{value:.3f}".rstrip("0")
    return f"{text}0 s" if text.endswith(".") else f"{text} s"


def expect_duration(
    elapsed: float,
    expected: float,
    *,
    what: str,
    mistakes: dict[float, str] | None = None,
    tolerance: float = 0.05,
    evidence: Iterable[str] = (),
    hint: str | None = None,
    figure: Figure | None = None,
) -> None:
    """Loop-time check: `elapsed` must be `expected` (within tolerance).

    `mistakes` maps the duration a known wrong solution takes to the headline naming that mistake,
    e.g. {3.0: "main_concurrent ran the calls one after another"}; an unknown duration still fails
    with the measurement. A `figure` (the runs beside the expected schedule) goes with the failure.
    """
    if abs(elapsed - expected) <= tolerance:
        return
    measured = f"{what} took {seconds(elapsed)} of loop time; expected about {seconds(expected)}."
    for duration, headline in (mistakes or {}).items():
        if abs(elapsed - duration) <= tolerance:
            fail(headline, measured, *evidence, hint=hint, figure=figure)
    slower = "too slow" if elapsed > expected else "too fast"
    fail(f"{what} was {slower}.", measured, *evidence, hint=hint, figure=figure)


def same(actual: Any, expected: Any) -> bool:
    """Equality that an object with a rigged __eq__ cannot fake: types must match exactly.

    Numbers are one family (3 and 3.0 are the same answer) and compare with a tiny tolerance.
    """
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return (
            type(actual) in (int, float)
            and math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
        )
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, (list, tuple)):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(same(actual[k], expected[k]) for k in expected)
    if isinstance(expected, (set, frozenset)):
        return set(actual) == set(expected)
    return expected.__eq__(actual) is True  # not `==`: no reflected or identity fallback


def expect_equal(
    actual: Any,
    expected: Any,
    *,
    what: str,
    mistakes: Sequence[tuple[Any, str]] = (),
    evidence: Iterable[str] = (),
    hint: str | None = None,
    verb: str = "returned",
    figure: Figure | None = None,
) -> None:
    """Exact-type equality, naming the mistake when `actual` matches a known wrong answer.

    The message reads "<what> <verb> <actual>; expected <expected>.": `verb` can be "was" for a
    value that is not a call's result ("the log was [...]").
    """
    if same(actual, expected):
        return
    if inspect.isawaitable(actual) and not inspect.isawaitable(expected):
        discard_awaitable(actual)
        fail(
            f"{what} returned a {type(actual).__name__} object instead of its result: a missing await?",
            f"Expected {expected!r}.",
            hint="`return await ...`: awaiting gives you the result; without await you hand back "
            "something still to be awaited.",
        )
    shown = f"{what} {verb} {actual!r}; expected {expected!r}."
    if type(actual) is not type(expected) and not _both_numbers(actual, expected):
        shown += f" (It is {_a(type(actual).__name__)}, not {_a(type(expected).__name__)}.)"
    for wrong_value, headline in mistakes:
        if same(actual, wrong_value):
            fail(headline, shown, *evidence, hint=hint, figure=figure)
    headline = f"{what} returned the wrong result." if verb == "returned" else f"{what} is not right."
    fail(headline, shown, *evidence, hint=hint, figure=figure)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def discard_awaitable(value: Any) -> None:
    """Close a coroutine or cancel a future the learner returned, so asyncio reports nothing more."""
    if inspect.iscoroutine(value):
        value.close()
    elif isinstance(value, asyncio.Future):
        value.cancel()
        if value.done() and not value.cancelled():
            value.exception()  # mark it retrieved


def _both_numbers(a: Any, b: Any) -> bool:
    return all(type(x) in (int, float) for x in (a, b))


# --- Exceptions nobody caught -------------------------------------------------------------------

def explain(error: BaseException, learner_file: Path | None, display: str) -> str:
    """A learner-facing explanation of an exception that escaped a test."""
    leaf = _interesting_leaf(error)
    where = learner_frames(leaf, learner_file, display)
    kind = type(leaf).__name__

    if isinstance(leaf, NotImplementedError) and where:
        function = where[-1][1]
        return message(
            f"{function} is not written yet: it still raises NotImplementedError.",
            f"Open {where[-1][0]} and replace the TODO with your code.",
        )
    if kind == "BlockingError" and "builtins.input" in str(leaf):
        return message(
            "The code tried to read from the keyboard with input(): exercises cannot read input, "
            "and input() would freeze the event loop too.",
            *_render(where),
        )
    if kind == "BlockingError" and "lock.acquire" in str(leaf):
        function = where[-1][1] if where else "The code"
        return message(
            f"{function} waited for the workers' results on the event loop, and that wait froze it: "
            "pool.map, future.result(), concurrent.futures.wait and threading.Lock block until "
            "another thread or process is done.",
            *_render(where),
            hint="Await the results instead: `await loop.run_in_executor(pool, func, arg)` or "
            "`await asyncio.to_thread(func, arg)`, gathered with asyncio.gather; guard shared state "
            "with an asyncio.Lock.",
        )
    if kind == "BlockingError":
        call = str(leaf).removeprefix("Blocking call to ")
        return message(
            f"A blocking call froze the event loop: {call}() in your code.",
            *_render(where) or ["(called from your exercise file)"],
            _how_long(where[-1][2] if where else ""),
            hint="await asyncio.sleep(...) instead of time.sleep(...)." if "sleep" in call else
            "Run blocking work in a thread: `await asyncio.to_thread(func, *args)`.",
        )
    if kind == "LoopTimeoutError":
        return message(
            "It never finished: the test gave up after a long stretch of loop time.",
            *_render(where),
            "Something is waiting for an event that never comes (a task never awaited, a queue "
            "never filled, a loop that never ends).",
        )
    if timed_out(leaf):
        return message(
            "It ran too long in real time and was stopped: an endless loop, or a call that blocks forever?",
            *(["Where it was running when stopped:", *_render(where)] if where else []),
            hint="A loop that never awaits keeps the event loop busy forever; so does a lock or "
            "input that never comes.",
        )
    if awaited_a_non_awaitable(leaf):
        return message(
            f"Something was awaited that is not awaitable: {leaf}.",
            *_render(where),
            hint="Only coroutines, tasks and futures can be awaited. Was the function written with "
            "`def` instead of `async def`?",
        )
    if isinstance(leaf, SystemExit):
        return message(
            f"The code called sys.exit({leaf.code!r}) (SystemExit): an exercise must return or raise, "
            "never end the program.",
            *_render(where),
        )
    if isinstance(leaf, OSError) and raised_through(leaf, "_pytest.capture"):  # pytest's stand-in for stdin
        return message(
            "The code tried to read from the keyboard (input() or sys.stdin); exercises cannot read input.",
            *_render(where),
        )
    headline = f"{kind}: {leaf}" if str(leaf) else kind
    return message(
        headline.splitlines()[0],
        *headline.splitlines()[1:],
        *(["Raised at:", *_render(where)] if where else []),
    )


def timed_out(error: BaseException) -> bool:
    """pytest-timeout stopped the test: its failure was raised by its own signal handler's code."""
    return isinstance(error, pytest.fail.Exception) and raised_through(error, "pytest_timeout")


def _how_long(source: str) -> str:
    """For `time.sleep(0.5)` on the blocking line: how long every other task would have been frozen."""
    found = re.search(r"sleep\(\s*([0-9]*\.?[0-9]+)\s*\)", source)
    if found:
        return (f"While it runs ({float(found[1]):g} s here), no other task can run: the whole program "
                "waits, not only the task that called it.")
    return "While a blocking call runs, no other task can run: the whole program waits."


def leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside an exception group, nested groups flattened; [error] for a plain one."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


def _plugin_explains_leaf(leaf: BaseException) -> bool:
    return isinstance(leaf, NotImplementedError) or type(leaf).__name__ == "BlockingError"


def plugin_explains(error: BaseException) -> bool:
    """A stub's NotImplementedError or blockbuster's BlockingError (also inside an exception group): the
    plugin explains those better than any suite, so they must reach it untouched."""
    return any(map(_plugin_explains_leaf, leaves(error)))


def _interesting_leaf(error: BaseException) -> BaseException:
    """Look inside exception groups (TaskGroup, gather) for the exception that matters."""
    if not isinstance(error, BaseExceptionGroup):
        return error
    found = leaves(error)
    return next(filter(_plugin_explains_leaf, found), found[0])


def learner_frames(error: BaseException, learner_file: Path | None, display: str) -> list[tuple[str, str, str]]:
    """(path:line, function, source line) for each traceback frame in the learner's file."""
    if learner_file is None:
        return []
    target = str(learner_file)
    frames = []
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == target:
            frames.append((f"{display}:{frame.lineno}", frame.name, (frame.line or "").strip()))
    return frames


def _render(frames: list[tuple[str, str, str]]) -> list[str]:
    lines = []
    for location, function, source in frames:
        lines.append(f"  {location} in {function}")
        if source:
            lines.append(f"      {source}")
    return lines
