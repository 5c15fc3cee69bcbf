"""expect: waited for a whole batch to finish"""


async def fetch_all(urls, limit=10):
    bodies = {}
    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            try:
                async with session.get(url) as response:
                    response.raise_for_status()
                    bodies[url] = await response.text()
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass

        for start in range(0, len(urls), limit):
            await asyncio.gather(*(fetch(url) for url in urls[start:start + limit]))
    return bodies
