"""Pumps put items on a queue, and a failing pump sets a shared future instead; the generator waits with
asyncio.wait for whichever comes first: an item, the failure, or a pump running out."""


async def merge(*sources):
    queue = asyncio.Queue()
    failure = asyncio.get_running_loop().create_future()

    async def pump(source):
        try:
            async for item in source:
                queue.put_nowait(item)
        except Exception as error:
            if not failure.done():
                failure.set_exception(error)

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        while True:
            if not queue.empty():
                yield queue.get_nowait()
                continue
            if failure.done():
                failure.result()  # raises the source's error
            running = [task for task in tasks if not task.done()]
            if not running:
                return
            getter = asyncio.ensure_future(queue.get())
            await asyncio.wait({getter, failure, *running}, return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                yield getter.result()
            else:
                getter.cancel()
                await asyncio.gather(getter, return_exceptions=True)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if failure.done():
            failure.exception()  # retrieved
        else:
            failure.cancel()
