"""First come, first served: asyncio.as_completed.

`asyncio.gather` hands you every result at the end, in the order you passed the awaitables in.
Sometimes you would rather take each result the moment it is ready: show the fastest answer
first, start on the next step early, or simply find out who won the race.

`asyncio.as_completed(aws)` starts every awaitable at once and gives you back a series of
awaitables; each one you await gives the next result to arrive, the earliest first:

    for next_done in asyncio.as_completed([fetch(a), fetch(b)]):
        result = await next_done   # whichever fetch finishes first, then the other

Your task: `minimum(x)` (given) sleeps 5 - x seconds and returns x, so bigger numbers come back
sooner. Write `finish_order(xs)`: run minimum(x) for every x at once and return the values the
calls returned, in the order the calls finished. For example, `await finish_order([2, 4, 3])`
gives [4, 3, 2] after 3 s. `await finish_order([])` gives [] straight away.

Do not work the order out from the numbers: watch the calls finish. The tests swap in a minimum
with other delays, and only the real finishing order is right for every delay.

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
"""
import asyncio


async def minimum(x: int) -> int:
    await asyncio.sleep(5 - x)
    return x


# TODO: run minimum(x) for every x at once; return the results in the order the calls finish.
async def finish_order(xs: list[int]) -> list[int]:
    raise NotImplementedError("finish_order")
