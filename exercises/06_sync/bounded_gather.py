"""At most `limit` at a time.

`asyncio.gather` starts everything at once. With ten coroutines that is fine; with ten thousand
downloads it opens ten thousand connections, and the server (or your machine) gives up. You want
a *limit*: at most, say, 3 running at any moment, and the rest waiting their turn.

The tool for this is `asyncio.Semaphore(limit)`: a counter of free slots. `async with semaphore:`
takes a slot, waiting while none is free, and gives it back at the end of the block:

    semaphore = asyncio.Semaphore(3)

    async def polite(make):
        async with semaphore:     # waits here while 3 others are running
            return await make()

Each job must take its slot *before* its work starts: a coroutine created by `make()` does nothing
until it is awaited, but a task starts at once, so do not turn the work into tasks outside the
semaphore.

Beware of cutting the work into batches of `limit` and gathering one batch after another: a batch
waits for its slowest member while the other slots sit idle. A slot should be refilled the moment
it frees up. With 10 makers of 1 second and a limit of 3, either way takes 4 seconds (rounds of 3,
3, 3 and 1 makers); but when the durations differ, refilling each slot at once wins by far.

Your task: write `bounded_gather(makers, limit)`. Each maker is a function with no arguments that
returns a coroutine. Run them all, never more than `limit` at once, starting a new one as soon as
one finishes, and return their results in the order of `makers` (not the order they finish in).
`bounded_gather([], limit)` gives `[]`. If a maker raises, that exception propagates.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: run the makers with at most `limit` at once; results in the order of makers.
async def bounded_gather(makers: list[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    raise NotImplementedError("bounded_gather")
