"""Clean-up in finally; stop waits on a future of its own that the task's done callback settles."""


async def worker(queue, log):
    try:
        while True:
            item = await queue.get()
            log.append(f"processed {item}")
            queue.task_done()
    finally:
        log.append("cleanup")


async def stop(task):
    finished = asyncio.get_running_loop().create_future()
    task.add_done_callback(lambda _: finished.done() or finished.set_result(None))
    task.cancel()
    await finished
