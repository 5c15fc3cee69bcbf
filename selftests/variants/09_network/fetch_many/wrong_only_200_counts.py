"""expect: left out a page that succeeded: created.html answered 201

A semaphore and one session, but only a 200 counts as a success."""


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    bodies = {}

    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        if response.status == 200:
                            bodies[url] = await response.text()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
