"""One after another, or at the same time?

`await` waits: the next line runs only once the awaited coroutine has finished. Two awaits in a
row therefore run one after another, and their waits add up.

A *task* is a coroutine that the event loop runs in the background. `asyncio.create_task(coro)`
starts it at the next chance and hands you a Task to await later. Start two tasks before awaiting
either, and their waits overlap: while one sleeps, the loop runs the other.

Your task: `say_after(delay, what, out)` (given) sleeps `delay` seconds, then appends `what` to
`out`. Use it to write:

- `main_sequential(out)`: say_after(1, "hello", out), then say_after(2, "world", out), one after
  the other. "hello" arrives at 1 s, "world" at 3 s.
- `main_concurrent(out)`: the same two calls as tasks, at once. "hello" arrives at 1 s, "world"
  at 2 s, and the whole thing takes 2 s.

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
"""
import asyncio


async def say_after(delay: float, what: str, out: list[str]) -> None:
    await asyncio.sleep(delay)
    out.append(what)


# TODO: "hello" after 1 s, then "world" 2 s later (3 s in all).
async def main_sequential(out: list[str]) -> None:
    raise NotImplementedError("main_sequential")


# TODO: both calls at once, as tasks: "hello" at 1 s, "world" at 2 s (2 s in all).
async def main_concurrent(out: list[str]) -> None:
    raise NotImplementedError("main_concurrent")
