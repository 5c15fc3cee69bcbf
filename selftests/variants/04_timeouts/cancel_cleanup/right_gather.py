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
    await asyncio.gather(task, return_exceptions=True)
