"""The first to succeed wins.

Ask three mirrors for the same file and use whichever answers first: the fastest one sets the
pace, and a mirror that is down does not stop you. This is a *race*. Two things make it tricky:

- The first one to *finish* is not always a winner: it may have failed. A failure only counts
  once nobody is left who could still succeed.
- Once you have a winner, the others are wasted work. Cancel them, and wait until they have
  actually finished: `task.cancel()` only *asks* a task to stop. The task receives a
  `CancelledError` at its next await and may need a moment to clean up (close a connection,
  run its `finally` blocks). Awaiting a cancelled task raises `CancelledError`, so wait for
  cancelled tasks with `asyncio.wait(tasks)` or `asyncio.gather(*tasks, return_exceptions=True)`.

`asyncio.as_completed(tasks)` hands you the tasks' outcomes in the order they finish; awaiting
each one gives its result or raises its exception:

    for next_done in asyncio.as_completed(tasks):
        try:
            result = await next_done
        except Exception:
            ...   # this one failed; keep waiting for the others

Your task: write `first_success(makers)`. Each maker is a function with no arguments that returns
a coroutine (call it, `make()`, to get one). Run every maker's coroutine at once and return the
first result that succeeds; by the time you return, the rest have been cancelled and have
finished. If every one of them fails, raise
`ExceptionGroup("all failed", [their exceptions in the order of makers])`. `makers` is never empty.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: race the makers: the first success wins, the losers are cancelled and awaited.
async def first_success(makers: list[Callable[[], Awaitable[T]]]) -> T:
    raise NotImplementedError("first_success")
