async def finish_order(xs):
    results = []
    tasks = [asyncio.create_task(minimum(x)) for x in xs]
    for task in tasks:
        task.add_done_callback(lambda done: results.append(done.result()))
    if tasks:
        await asyncio.wait(tasks)
    return results
