"""expect: stop let the task's CancelledError escape

CancelledError is a BaseException, so `except Exception` does not catch it."""


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
    try:
        await task
    except Exception:
        pass
