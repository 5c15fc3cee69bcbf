"""A worker pool: one queue, a few workers.

You have a thousand items to process (say, pages to fetch) and the server allows only a few
requests at a time. One task per item floods it; one item after another is slow. The classic answer
is a queue of work and a fixed number of *worker* tasks: each worker takes the next item off the
queue, handles it, and comes back for more. A worker that finishes early simply takes the next
item, so nobody waits for the slowest item of a batch.

`asyncio.Queue` is made for this:

    queue = asyncio.Queue()
    queue.put_nowait(item)      # add an item
    item = await queue.get()    # take the next one, waiting while the queue is empty
    item = queue.get_nowait()   # take the next one now, or raise asyncio.QueueEmpty

A pool must also clean up after itself. A worker waiting forever on `await queue.get()` after the
work is done is a leak: when the pool returns, none of its workers may still be running. And if
handling an item fails, the caller should hear about it at once, not after the rest of the work (or
never): cancel the workers, and let the exception through.

Your task: write `process_all(items, handle, workers)`.

- It returns `[await handle(item) for item in items]`, in the order of `items` ([] for []), but
  the handle calls run in `workers` worker tasks that take the items from an asyncio.Queue: so
  there are never more than `workers` handle calls at once.
- When it returns, none of its worker tasks is left.
- If a handle call raises, that exception propagates as soon as it happens (as it is, or inside the
  ExceptionGroup of a TaskGroup), and the workers are cancelled.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


# TODO: feed the items through an asyncio.Queue to `workers` worker tasks; return the results in
# input order; leave no worker behind; if handle raises, cancel the workers and let it through.
async def process_all(items: list[T], handle: Callable[[T], Awaitable[R]], workers: int) -> list[R]:
    raise NotImplementedError("process_all")
