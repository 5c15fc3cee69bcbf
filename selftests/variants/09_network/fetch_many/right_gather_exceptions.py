async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)

    async with aiohttp.ClientSession(raise_for_status=True) as session:
        async def fetch(url):
            async with semaphore, session.get(url) as response:
                return await response.text()

        outcomes = await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
    return {url: text for url, text in zip(urls, outcomes) if isinstance(text, str)}
