"""Scripted async generators to feed the learner's stream code, each recording what happened to it.

    feed = Feed()
    a = feed.stream("A", [(1, "a1"), (3, "a2")])     sleeps 1 s, yields "a1", sleeps 3 s, yields "a2", ends
    b = feed.stream("B", [(0, x) for x in "xyz"], tail=2, cleanup=0.5)
                                                     ends 2 s after its last item; when cancelled while
                                                     waiting, cleans up for 0.5 s before it ends
    c = feed.stream("C", [(1, "c1"), (0.5, OSError("down"))])
                                                     an exception among the items is raised, not yielded

Every delay counts from the moment an item is asked for (a stream is lazy, like a real generator).
Afterwards `feed.timeline()` is the evidence for a diagnosis; each run says how many items were
asked for (`pulls`), what it yielded and when, and how it ended: exhausted, raised, closed with
aclose() while paused at a yield, cancelled while waiting for its next item, or still open.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from grader.harness.diagnosis import seconds

OPEN = "still open"
EXHAUSTED = "exhausted"
RAISED = "raised"
CLOSED = "closed with aclose()"
CANCELLED = "cancelled while waiting for its next item"


@dataclass
class StreamRun:
    label: str
    steps: list[tuple[float, Any]]
    pulls: int = 0                                   # items asked for (the first __anext__ included)
    waiting: bool = False                            # asked for an item and waiting for it right now
    sent: list[tuple[float, Any]] = field(default_factory=list)  # (loop time, item) of every yield
    outcome: str = OPEN
    end: float | None = None

    @property
    def finished(self) -> bool:
        """Nothing of the generator is left: it ran out, was closed, or was cancelled (and cleaned up)."""
        return self.end is not None

    def describe(self) -> str:
        delays = {delay for delay, _ in self.steps}
        if len(self.steps) > 3 and len(delays) == 1:
            scripted = (f"{len(self.steps)} items, {self.steps[0][1]!r} .. {self.steps[-1][1]!r}, "
                        f"each {seconds(delays.pop())} after it is asked for")
        else:
            scripted = ", ".join(f"{_scripted(item)} after {seconds(delay)}" for delay, item in self.steps)
            scripted = scripted or "no items"
        text = f"  {self.label} ({scripted}): asked for {self.pulls} item(s)"
        if self.sent:
            text += "; yielded " + ", ".join(f"{item!r} at {seconds(moment)}" for moment, item in self.sent)
        if self.outcome == OPEN:
            state = "never started" if self.pulls == 0 else "still waiting for its next item" if self.waiting \
                else "paused at its yield"
            return f"{text}; {state}"
        if self.end is None:  # cancelled, and cleaning up
            return f"{text}; {self.outcome}, still cleaning up"
        return text + f"; {self.outcome} at {seconds(self.end)}"


def _scripted(item: Any) -> str:
    return f"raises {item!r}" if isinstance(item, BaseException) else repr(item)


class Feed:
    def __init__(self) -> None:
        self.runs: list[StreamRun] = []

    def stream(self, label: str, steps: list[tuple[float, Any]], *, tail: float = 0.0,
               cleanup: float = 0.0) -> AsyncIterator[Any]:
        """An async generator yielding each (delay, item) of `steps` `delay` seconds after it is asked
        for; asked for one more item, it waits `tail` seconds and ends. An item that is an exception is
        raised instead, and ends the stream. When cancelled while it waits, it cleans up for `cleanup`
        seconds, then lets the cancellation end it."""
        run = StreamRun(label, list(steps))
        self.runs.append(run)

        async def generate() -> AsyncIterator[Any]:
            loop = asyncio.get_running_loop()
            try:
                for delay, item in [*steps, (tail, None)]:
                    run.pulls += 1
                    run.waiting = True
                    try:
                        await asyncio.sleep(delay)
                    except asyncio.CancelledError:
                        run.outcome = CANCELLED
                        if cleanup:
                            await asyncio.sleep(cleanup)
                            run.outcome += f" (then cleaned up for {seconds(cleanup)})"
                        raise
                    finally:
                        run.waiting = False
                    if len(run.sent) == len(steps):
                        run.pulls -= 1  # the call that found the end asked for nothing
                        run.outcome = EXHAUSTED
                        return
                    if isinstance(item, BaseException):
                        run.outcome = f"{RAISED} {item!r}"
                        raise item
                    run.sent.append((loop.time(), item))
                    try:
                        yield item
                    except GeneratorExit:
                        run.outcome = CLOSED
                        raise
            finally:
                run.end = loop.time()

        return generate()

    def timeline(self, title: str = "") -> str:
        title = title or "The sources (loop seconds; each delay counts from when an item is asked for):"
        return title + "\n" + "\n".join(run.describe() for run in self.runs)
