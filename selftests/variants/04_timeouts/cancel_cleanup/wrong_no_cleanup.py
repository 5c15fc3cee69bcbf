"""expect: did not append "cleanup" when it was cancelled"""


async def worker(queue, log):
    while True:
        item = await queue.get()
        log.append(f"processed {item}")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
