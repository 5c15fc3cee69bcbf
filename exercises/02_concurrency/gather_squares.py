"""Many calls at once, answers in order: asyncio.gather.

When you have a whole list of coroutines to run, creating a task for each by hand gets tedious.
`asyncio.gather(*aws)` does it for you: it starts every awaitable at once, waits until all of them
have finished, and returns their results as a list, in the order you passed them in. That order
has nothing to do with which call happened to finish first.

    async def double(n: int) -> int:
        await asyncio.sleep(n)
        return 2 * n

    await asyncio.gather(double(3), double(1))   # [6, 2], after 3 s (not 4 s)

Because everything runs at once, the whole gather takes as long as its slowest call, not the sum
of all of them.

Your task: `slow_square(n)` (given) sleeps 1 / (n + 1) seconds and returns n * n, so bigger
numbers come back sooner. Write `squares(numbers)`: the square of every number, computed by
slow_square, all at once, returned in the order of `numbers`. For example,
`await squares([2, 0, 3])` gives [4, 0, 9] after 1 s (slow_square(0) is the slowest call).
`await squares([])` gives [] straight away.

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
"""
import asyncio


async def slow_square(n: int) -> int:
    await asyncio.sleep(1 / (n + 1))
    return n * n


# TODO: call slow_square for every number at once; return the squares in the order of numbers.
async def squares(numbers: list[int]) -> list[int]:
    raise NotImplementedError("squares")
