"""Two task bugs to fix.

`asyncio.create_task(coro)` schedules a coroutine to run in the background and gives you a Task.
Two things about tasks trip everyone up at first.

Bug 1: awaiting a task straight away. `await task` pauses you until that task has finished. If
you create one task and await it before you create the next, the second one cannot start until
the first is done: the tasks never overlap, and the waits add up again.

    task1 = asyncio.create_task(say_after(1, "hello", out))
    await task1                                  # 1 s pass here, with nothing else to run...
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task2                                  # ...then 2 s more: 3 s in all, not 2 s

Bug 2: never awaiting the tasks. Creating tasks starts them, but nobody waits for them. The
function returns at once, while its work is still going on: the caller thinks it is done, reads
`out` too early, and the tasks may even be cut short when the program ends.

    for d in delays:
        asyncio.create_task(say_after(d, str(d), out))
    # returns immediately; `out` is still empty

The fix for both: first create every task, then await them all (one by one, or with
`asyncio.gather`).

Your task: `say_after(delay, what, out)` (given) sleeps `delay` seconds, then appends `what` to
`out`. Both functions below contain one of these bugs. Fix them so that:

- `both_at_once(out)` runs say_after(1, "hello", out) and say_after(2, "world", out) at once:
  "hello" arrives at 1 s, "world" at 2 s, and it returns at 2 s.
- `schedule_all(delays, out)` runs say_after(d, str(d), out) for every d in delays at once and
  returns only when all of them have finished: it takes as long as the largest delay, and returns
  at once for an empty list.
"""
import asyncio


async def say_after(delay: float, what: str, out: list[str]) -> None:
    await asyncio.sleep(delay)
    out.append(what)


# Bug: this takes 3 s instead of 2 s, because task2 is only created once task1 has finished.
# TODO: make the two calls overlap: "hello" at 1 s, "world" at 2 s, done at 2 s.
async def both_at_once(out: list[str]) -> None:
    task1 = asyncio.create_task(say_after(1, "hello", out))
    await task1
    task2 = asyncio.create_task(say_after(2, "world", out))
    await task2


# Bug: this returns at once, before any of its tasks has finished.
# TODO: run every call at once, and return only when all of them have finished.
async def schedule_all(delays: list[float], out: list[str]) -> None:
    for d in delays:
        asyncio.create_task(say_after(d, str(d), out))
