"""Stopping a worker cleanly: reference solution."""
import asyncio


async def worker(queue: asyncio.Queue[str], log: list[str]) -> None:
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
            queue.task_done()
    except asyncio.CancelledError:
        log.append("cleanup")
        raise


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    await asyncio.wait([task])
