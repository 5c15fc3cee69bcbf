"""The try around the one await where a cancellation can land, inside the loop; stop re-raises only its
own caller's cancellation."""


async def worker(queue, log):
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError:
            log.append("cleanup")
            raise
        log.append(f"processed {item}")


async def stop(task):
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
