"""expect: stop let the task's CancelledError escape

Awaits the cancelled task, which raises CancelledError into stop."""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
    except asyncio.CancelledError:
        log.append("cleanup")
        raise


async def stop(task):
    task.cancel()
    await task
