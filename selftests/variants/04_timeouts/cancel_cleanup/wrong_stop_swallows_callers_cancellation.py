"""expect: stop swallowed its caller's cancellation

The classic idiom: catching CancelledError around `await task` also catches the cancellation of
stop's own caller."""


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
    except asyncio.CancelledError:
        pass
