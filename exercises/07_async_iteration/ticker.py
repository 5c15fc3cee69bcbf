"""A ticker that keeps time, and taking the first few items of a stream.

An *async generator* is an `async def` with `yield` in it. It makes a stream that you read with
`async for`; between two items it may await (sleep, wait for the network), and meanwhile the event
loop runs other tasks.

    async def countdown(n):
        while n:
            await asyncio.sleep(1)
            yield n
            n -= 1

    async for x in countdown(3):
        print(x)          # 3, 2, 1: one a second

Your first task: `ticker(interval, count)` yields 0, 1, ..., count - 1. Item i is due at
`start + i * interval`, where start is the moment of the first iteration (so item 0 comes at once).
Keep to that *absolute* schedule. Sleeping `interval` after every item drifts: while the consumer
works on an item, the generator sits paused at its `yield`, and that time piles up. Instead, sleep
until the next item is due; if it is already late, hand it out at once. Read the time from the
event loop's clock: `asyncio.get_running_loop().time()`.

Your second task: `take(source, n)` returns the first n items of an async iterator as a list (fewer
if it ends sooner; `take(source, 0)` is [] and reads nothing), then closes the source. Leaving an
`async for` early (`break`) does not end a generator: it stays paused at its `yield`, its `finally`
blocks not run, its files or connections still open, until someone calls `await source.aclose()`.
So take calls aclose() when the source has one (a hand-made async iterator may not), however take
ends: also when reading fails or take is cancelled, so put it in a `finally`.

    await take(ticker(0.5, 100), 3)    # [0, 1, 2] after 1.0 s, and the ticker is closed

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
"""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


# TODO: yield 0 .. count-1, item i at start + i * interval (sleep until it is due, never drift).
async def ticker(interval: float, count: int) -> AsyncIterator[int]:
    raise NotImplementedError("ticker")
    yield  # the `yield` makes this an async generator


# TODO: the first n items of source (fewer if it ends), then close it with aclose() if it has one.
async def take(source: AsyncIterator[T], n: int) -> list[T]:
    raise NotImplementedError("take")
