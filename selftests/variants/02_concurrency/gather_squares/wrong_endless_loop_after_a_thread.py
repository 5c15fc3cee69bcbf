"""expect: an endless loop

Prints its progress from a worker thread (so another thread exists), then skips repeated numbers
with a `continue` that comes before `i += 1`: on a repeated number the loop never ends, and never
awaits. The test's time limit must name the endless loop, not the time-out's own report.
"""


async def squares(numbers):
    await asyncio.to_thread(print, f"squaring {numbers}")  # printing is I/O: off the loop
    seen, i = [], 0
    while i < len(numbers):
        if numbers[i] in seen:
            continue
        seen.append(numbers[i])
        i += 1
    found = dict(zip(seen, await asyncio.gather(*(slow_square(n) for n in seen))))
    return [found[n] for n in numbers]
