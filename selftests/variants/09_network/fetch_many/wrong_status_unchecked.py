"""expect: fetch_all kept a failed page"""


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    bodies = {}
    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        bodies[url] = await response.text()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
