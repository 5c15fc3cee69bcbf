"""expect: fetch_all raised TimeoutError"""


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    bodies = {}
    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        response.raise_for_status()
                        bodies[url] = await response.text()
                except aiohttp.ClientError:
                    pass

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
