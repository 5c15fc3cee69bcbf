"""expect: returned the numbers it was given, not the values minimum returned"""


async def finish_order(xs):
    results = []
    tasks = []
    for x in xs:
        task = asyncio.create_task(minimum(x))
        task.add_done_callback(lambda _, x=x: results.append(x))
        tasks.append(task)
    await asyncio.gather(*tasks)
    return results
