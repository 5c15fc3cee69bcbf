"""expect: appended "cleanup" 2 times

Cleans up in the except block and again in the finally block."""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
    except asyncio.CancelledError:
        log.append("cleanup")
        raise
    finally:
        log.append("cleanup")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
