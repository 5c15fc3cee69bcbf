"""expect: stop did not cancel the task"""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
    except asyncio.CancelledError:
        log.append("cleanup")
        raise


async def stop(task):
    await asyncio.wait([task])
