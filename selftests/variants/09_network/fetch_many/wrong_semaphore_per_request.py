"""expect: exceeding the limit"""


async def fetch_all(urls, limit=10):
    bodies = {}
    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with asyncio.Semaphore(limit):  # a fresh semaphore each time limits nothing
                try:
                    async with session.get(url) as response:
                        response.raise_for_status()
                        bodies[url] = await response.text()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
