"""expect: did not process 'apple' as soon as it was put

Polls the queue every 0.1 s instead of waiting on it."""


async def worker(queue, log):
    try:
        while True:
            if queue.empty():
                await asyncio.sleep(0.1)
                continue
            log.append(f"processed {queue.get_nowait()}")
    except asyncio.CancelledError:
        log.append("cleanup")
        raise


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
