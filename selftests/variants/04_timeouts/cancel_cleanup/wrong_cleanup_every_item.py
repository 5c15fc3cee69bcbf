"""expect: appended "cleanup" after processing an item, while still running

The try/finally sits inside the loop: every round ends with a clean-up."""


async def worker(queue, log):
    while True:
        try:
            item = await queue.get()
            log.append(f"processed {item}")
        finally:
            log.append("cleanup")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
