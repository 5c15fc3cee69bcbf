"""expect: fetch_all is sequential"""


async def fetch_all(urls, limit=10):
    bodies = {}
    async with aiohttp.ClientSession() as session:
        for url in urls:
            try:
                async with session.get(url) as response:
                    response.raise_for_status()
                    bodies[url] = await response.text()
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
    return bodies
