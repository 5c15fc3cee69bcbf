"""expect: awaited the calls one after another"""


async def finish_order(xs):
    # Runs the shortest delay first, then the next...: right order, but the waits add up.
    return [await minimum(x) for x in sorted(xs, reverse=True)]
