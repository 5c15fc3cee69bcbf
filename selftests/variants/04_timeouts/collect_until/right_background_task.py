async def collect_until(source, seconds):
    items = []

    async def consume():
        async for item in source:
            items.append(item)

    task = asyncio.create_task(consume())
    try:
        await asyncio.wait({task}, timeout=seconds)
    finally:
        task.cancel()
        await asyncio.wait({task})
    return items
