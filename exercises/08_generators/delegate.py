"""Handing the conversation to another generator: yield from.

A generator can hand its whole conversation over to another generator with `yield from`:

    result = yield from inner()

Until `inner()` finishes, everything passes straight through: what `inner` yields goes out to
whoever drives the outer generator, and every value sent in with `send()` goes on to `inner`,
unchanged. When `inner` returns, its return value becomes the value of the `yield from`
expression, and the outer generator carries on from there.

This is where `await` comes from. Before `async def` existed, asyncio's coroutines were generators,
and `yield from some_coroutine()` meant exactly what `await some_coroutine()` means today: let the
inner coroutine run, pass the event loop's messages through to it, and give me its result at the
end. Coroutines still work that way inside.

Your task:

- `summarize()`: a generator that receives numbers through `send()` and yields nothing of its own
  (bare `yield`). When it receives None it is finished, and *returns* `(count, average)`: how many
  numbers it received and their average, or `(0, 0.0)` if there were none. Careful: 0 is a number,
  not the end.
- `delegator(results)`: a generator that, forever, runs a fresh `summarize()` with
  `result = yield from summarize()`, then appends that result to `results`.

    results = []
    d = delegator(results)
    next(d)                  # prime it: run up to the first yield
    d.send(10); d.send(20)   # these reach summarize
    d.send(None)             # summarize returns (2, 15.0); a new summarize starts
    results                  # [(2, 15.0)]

A generator's return value travels inside StopIteration (`stop.value`); `yield from` catches it for
you, so the delegator never sees the StopIteration.
"""
from typing import Generator


# TODO: receive numbers by send() until None arrives, then return (count, average); (0, 0.0) if none.
def summarize() -> Generator[None, float | None, tuple[int, float]]:
    raise NotImplementedError("summarize")


# TODO: forever: result = yield from summarize(), then append result to results.
def delegator(results: list) -> Generator[None, float | None, None]:
    raise NotImplementedError("delegator")
