"""A TaskGroup of pumps, run by a background task (not around the yield); its ExceptionGroup is unwrapped."""


async def merge(*sources):
    queue = asyncio.Queue()
    done = object()

    async def pump(source):
        async for item in source:
            await queue.put(item)

    async def pump_all():
        try:
            async with asyncio.TaskGroup() as group:
                for source in sources:
                    group.create_task(pump(source))
        finally:
            queue.put_nowait(done)

    runner = asyncio.create_task(pump_all())
    try:
        while (item := await queue.get()) is not done:
            yield item
        try:
            await runner
        except ExceptionGroup as group:
            raise group.exceptions[0] from None
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
