"""expect: process_all did not wait for the cancelled workers

The cleanup gather lacks return_exceptions=True: it re-raises the failed worker's exception at once,
without waiting for the cancelled ones."""


async def process_all(items: list[T], handle: Callable[[T], Awaitable[R]], workers: int) -> list[R]:
    queue: asyncio.Queue[tuple[int, T]] = asyncio.Queue()
    for index, item in enumerate(items):
        queue.put_nowait((index, item))
    results: list = [None] * len(items)

    async def worker() -> None:
        while True:
            try:
                index, item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return  # no work left: this worker is done
            results[index] = await handle(item)

    tasks = [asyncio.create_task(worker()) for _ in range(min(workers, len(items)))]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks)
    return results
