"""Merging streams: every item as soon as it arrives.

Several async iterators (sensors, sockets, feeds) produce items at their own pace, and you want
one stream of everything. Reading them in turn does not work: `async for` over the first source
waits for *its* next item while the others may have had items ready for a long time. Round-robin
(one item from each in turn) has the same flaw: it always waits for the source whose turn it is.

The way out is to read every source at once, each in its own task, and hand out whichever item
comes first. A common shape: one task per source copies its items into an `asyncio.Queue` and puts
an end marker when its source is exhausted; the generator takes items off the queue and yields
them, until it has seen an end marker from every source.

    queue = asyncio.Queue()
    async def pump(source):
        async for item in source:
            await queue.put(item)
        await queue.put(DONE)      # DONE = object(), a marker no source can yield

(Another shape keeps one pending `anext(source)` task per source and uses
`asyncio.wait(..., return_when=asyncio.FIRST_COMPLETED)`.)

The consumer may stop early: `await merged.aclose()` raises GeneratorExit at the generator's
`yield`. Your tasks are then still reading the sources, so the generator must clean up in a
`finally`: cancel every task it started and wait until they have finished. Nothing may be left
running. (A TaskGroup around the `yield` does not do this well: it turns GeneratorExit into an
exception group.)

A source may also fail. In the sketch above, its exception ends the pump's task, nobody ever looks
at it, and no end marker comes: the generator waits forever. So the pump catches the exception and
sends it through the queue too (a marker that carries the error, say); the generator raises it when
it takes it off, and the same `finally` cancels the other pumps. (In the asyncio.wait shape,
`task.result()` of the failed read raises it for you.) The consumer gets the source's own exception,
as if it had read that source directly.

Your task: `merge(*sources)` is an async generator that yields every item of every source as soon
as it arrives and ends when all sources are exhausted. When closed early, it cancels its pending
reads and leaves no task behind; when a source raises, it does the same and raises that exception.
Items of one source keep their order.
"""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


# TODO: read every source at once; yield items as they arrive; on early close or a source's error,
# cancel your tasks (and raise that error).
async def merge(*sources: AsyncIterator[T]) -> AsyncIterator[T]:
    raise NotImplementedError("merge")
    yield  # the `yield` makes this an async generator
