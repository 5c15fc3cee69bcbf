async def worker(queue, log):
    try:
        while True:
            log.append(f"processed {await queue.get()}")
            queue.task_done()
    finally:
        log.append("cleanup")


async def stop(task):
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise  # our own caller is cancelling us: let it through
