async def process_all(items, handle, workers):
    # The asyncio docs' pattern: workers loop forever; queue.join() says when all items are done.
    queue = asyncio.Queue()
    for pair in enumerate(items):
        await queue.put(pair)
    results = [None] * len(items)

    async def worker():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await handle(item)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    all_done = asyncio.create_task(queue.join())
    try:
        await asyncio.wait([all_done, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            if task.done():
                task.result()  # a worker only ends early by raising: raise it here
    finally:
        for task in [all_done, *tasks]:
            task.cancel()
        await asyncio.gather(all_done, *tasks, return_exceptions=True)
    return results
