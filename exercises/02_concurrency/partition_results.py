"""Sorting successes from failures.

`asyncio.gather(*aws)` runs awaitables at once and gives their results in input order. But when one
of them raises, gather raises that exception straight away, and the others carry on running with
nobody watching them. Often you would rather let everything finish and then look at what worked
and what failed.

`gather(*aws, return_exceptions=True)` waits for everything and puts a raised exception in the
result list, in place of a result. That is close, but not quite enough: an awaitable may also
*return* an exception object as its ordinary result (a function that builds error reports does),
and in the list the two look the same.

    async def fails():
        raise ValueError("bad")

    async def reports():
        return ValueError("just a value")

    await asyncio.gather(fails(), reports(), return_exceptions=True)
    # [ValueError('bad'), ValueError('just a value')]: which one was raised?

Your task: write `partition(aws)`. It takes a list of awaitables (coroutines, tasks or futures),
awaits them all at once, and returns a tuple `(results, exceptions)`:

- `results`: the values of the awaitables that succeeded, in input order (a returned exception
  object is a success like any other value);
- `exceptions`: the exceptions raised by the others, in input order.

partition never raises an awaitable's exception. When it returns, every awaitable has finished,
so it takes as long as the slowest one. `partition([])` gives `([], [])`.

A cancellation is not a failure to sort: it is a request to stop. An awaitable that ends cancelled
never goes into `exceptions`; its CancelledError propagates out of partition. That is why
CancelledError derives from BaseException, not Exception: `except Exception` lets it through,
while `except BaseException` (or a bare `except:`) would swallow it.

    results, exceptions = await partition([fetch(1), fetch(2), fails()])
    # results == [<fetch(1) result>, <fetch(2) result>], exceptions == [ValueError('bad')]
"""
import asyncio
from typing import Awaitable, TypeVar

T = TypeVar("T")


# TODO: await every awaitable at once; return (results, exceptions), each in input order.
async def partition(aws: list[Awaitable[T]]) -> tuple[list[T], list[Exception]]:
    raise NotImplementedError("partition")
