"""expect: stop returned before the task had finished

Gives the task a moment to react, instead of waiting for it."""


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
    await asyncio.sleep(0.1)
