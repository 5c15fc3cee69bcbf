"""expect: worked the wait out from the numbers

Done callbacks collect the results, but the wait is a sleep worked out from minimum's delays.
"""


async def finish_order(xs):
    results = []
    tasks = [asyncio.create_task(minimum(x)) for x in xs]
    for task in tasks:
        task.add_done_callback(lambda t: results.append(t.result()))
    await asyncio.sleep(max((5 - x for x in xs), default=0))
    return results
