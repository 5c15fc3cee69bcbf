"""expect: sorted the values (biggest first)"""


async def finish_order(xs):
    # minimum(x) sleeps 5 - x, so the biggest finishes first... unless the delays change.
    return sorted(await asyncio.gather(*(minimum(x) for x in xs)), reverse=True)
