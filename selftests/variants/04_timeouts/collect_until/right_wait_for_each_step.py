async def collect_until(source, seconds):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    items = []
    while True:
        try:
            item = await asyncio.wait_for(anext(source), deadline - loop.time())
        except (TimeoutError, StopAsyncIteration):
            return items
        items.append(item)
