"""expect: worker swallowed the CancelledError

A bare except catches the cancellation and ends the worker quietly."""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
    except:  # noqa: E722
        log.append("cleanup")


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
