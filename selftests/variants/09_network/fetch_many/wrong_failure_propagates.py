"""expect: one failure failed everything"""


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        async def fetch(url):
            async with semaphore:
                async with session.get(url) as response:
                    if response.status >= 400:
                        return None
                    return await response.text()

        texts = await asyncio.gather(*(fetch(url) for url in urls))
    return {url: text for url, text in zip(urls, texts) if text is not None}
