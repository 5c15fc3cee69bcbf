"""expect: stop returned before the task had finished

task.cancel() only asks; stop returns before the task has stopped."""


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
