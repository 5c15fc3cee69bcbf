"""expect: it kept running after it was cancelled

The try/except sits inside the loop, so after cleaning up it takes the next item."""


async def worker(queue, log):
    while True:
        try:
            item = await queue.get()
            log.append(f"processed {item}")
        except asyncio.CancelledError:
            log.append("cleanup")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
