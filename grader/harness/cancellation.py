"""Running code as a task, cancelling it at a chosen moment, and saying how it ended.

    ending = await run_task(exercise.save_and_reply(db, "x"), cancel_at=0.4)
    ending.state      # "returned" | "raised" | "cancelled" | "still running"
    ending.at         # loop seconds from the start of run_task to the end of the task
    ending.describe("save_and_reply")   # evidence for a diagnosis

A task still running after `wait` loop seconds is left to the caller (ending.task), who decides
whether that is the mistake; `stop_quietly(task)` then ends it without further noise.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Awaitable

from grader.harness.diagnosis import seconds


@dataclass
class Ending:
    state: str  # returned | raised | cancelled | still running
    at: float | None  # loop seconds since the start, when the task ended
    task: asyncio.Task
    value: Any = None
    error: BaseException | None = None

    @property
    def cancelled(self) -> bool:
        return self.state == "cancelled"

    def raise_unwritten(self) -> None:
        """Re-raise a stub's NotImplementedError or blockbuster's BlockingError: the plugin explains
        those better than any suite."""
        if isinstance(self.error, NotImplementedError) or type(self.error).__name__ == "BlockingError":
            raise self.error

    def describe(self, name: str) -> str:
        if self.state == "returned":
            return f"{name} returned {self.value!r} at {seconds(self.at)}."
        if self.state == "raised":
            return f"{name} raised {self.error!r} at {seconds(self.at)}."
        if self.state == "cancelled":
            return f"{name} ended cancelled (CancelledError) at {seconds(self.at)}."
        return f"{name} was still running."


async def run_task(awaitable: Awaitable[Any] | asyncio.Task, *, cancel_at: float | None = None,
                   wait: float = 60.0) -> Ending:
    """Run `awaitable` as a task (or watch the task given); cancel it `cancel_at` loop seconds after
    the start unless it has ended by then; wait up to `wait` more loop seconds for it to end."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    task = awaitable if isinstance(awaitable, asyncio.Task) else asyncio.ensure_future(awaitable)
    ended: list[float] = []
    if task.done():
        ended.append(start)
    else:
        task.add_done_callback(lambda _: ended.append(loop.time()))
    if cancel_at is not None:
        await asyncio.wait({task}, timeout=cancel_at)
        if not task.done():
            task.cancel()
    await asyncio.wait({task}, timeout=wait)
    if not task.done():
        return Ending("still running", None, task)
    await asyncio.sleep(0)  # let the done callback record the moment
    at = (ended[0] if ended else loop.time()) - start
    if task.cancelled():
        return Ending("cancelled", at, task)
    if task.exception() is not None:
        return Ending("raised", at, task, error=task.exception())
    return Ending("returned", at, task, value=task.result())


async def stop_quietly(task: asyncio.Task, *, tries: int = 3) -> bool:
    """Cancel `task` (a few times, for code that swallows a cancellation) and retrieve its outcome,
    so that nothing leaks into the next test. True if it has ended."""
    for _ in range(tries):
        if task.done():
            break
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    if task.done() and not task.cancelled():
        task.exception()  # retrieved: no "exception was never retrieved" in the log
    return task.done()
