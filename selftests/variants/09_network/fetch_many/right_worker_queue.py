async def fetch_all(urls, limit=10):
    queue = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    bodies = {}

    async def worker(session):
        while True:
            try:
                url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                response = await session.get(url, raise_for_status=True)
                async with response:
                    bodies[url] = await response.text()
            except (aiohttp.ClientError, asyncio.TimeoutError):
                continue

    async with aiohttp.ClientSession() as session:
        async with asyncio.TaskGroup() as group:
            for _ in range(min(limit, len(urls))):
                group.create_task(worker(session))
    return bodies
