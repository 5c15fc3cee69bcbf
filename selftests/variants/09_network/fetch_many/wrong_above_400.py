"""expect: answered 400, the first error status

Checks the status by hand, with > where >= belongs."""


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    bodies = {}

    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        if response.status > 400:
                            return
                        bodies[url] = await response.text()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
