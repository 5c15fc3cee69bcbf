"""expect: stop returned before the task had finished: the task was still cleaning up

Cancels, then waits at most 5 s: a task whose clean-up takes longer is left unwinding.
"""


async def worker(queue, log):
    try:
        while True:
            log.append(f"processed {await queue.get()}")
    except asyncio.CancelledError:
        log.append("cleanup")
        raise


async def stop(task):
    task.cancel()
    await asyncio.wait([task], timeout=5)
