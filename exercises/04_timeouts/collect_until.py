"""Collecting for a while.

An async iterator hands you items as they arrive: messages from a chat, readings from a sensor,
lines from a log. `async for item in source:` waits for each one in turn. Sometimes you only want
what arrives within the next few seconds.

Checking the clock between items is not enough: once you are waiting for the next item you are
stuck there, however long it takes to come. The deadline must be able to interrupt that wait.
That is what `asyncio.timeout` is for: it puts a deadline on a whole block of code, and when the
deadline passes it cancels whatever the block is waiting on at that moment, then raises
`TimeoutError` out of the block.

    async with asyncio.timeout(5):
        await step_one()
        await step_two()      # cancelled if the 5 s run out here

(`asyncio.wait_for(awaitable, timeout)` puts a deadline on one awaitable; `anext(source)` gives
you an awaitable for the next item, if you prefer to go item by item with the time that is left.)

Your task: write `collect_until(source, seconds)`. It returns a list of the items `source` yields
within `seconds` of the call, in order:

- at the deadline it returns what it has, even while the source is still waiting for its next item
  (that pending step is cancelled);
- if the source ends earlier, it returns right then, without waiting for the deadline;
- no item that arrived in time is lost, not even one that arrived just before the deadline.

    await collect_until(sensor_readings(), 2.0)   # e.g. [21.5, 21.6, 21.4]
"""
import asyncio
from typing import AsyncIterator, TypeVar

T = TypeVar("T")


# TODO: collect the items until the source ends or `seconds` have passed, whichever comes first.
async def collect_until(source: AsyncIterator[T], seconds: float) -> list[T]:
    raise NotImplementedError("collect_until")
