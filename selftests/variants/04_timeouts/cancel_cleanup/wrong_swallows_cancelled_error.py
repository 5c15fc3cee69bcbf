"""expect: worker swallowed the CancelledError

Cleans up but does not re-raise: the task ends as if it had returned normally."""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
    except asyncio.CancelledError:
        log.append("cleanup")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
