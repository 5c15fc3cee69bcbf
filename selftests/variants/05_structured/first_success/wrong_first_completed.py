"""expect: the first to finish even though it failed

asyncio.wait(FIRST_COMPLETED) once: the first one done is taken, success or not."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return done.pop().result()
