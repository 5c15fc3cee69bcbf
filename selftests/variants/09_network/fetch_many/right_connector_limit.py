async def fetch_all(urls, limit=10):
    connector = aiohttp.TCPConnector(limit=limit)

    async def fetch(session, url):
        try:
            async with session.get(url) as response:
                if response.status >= 400:
                    return None
                return url, await response.text()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return None

    async with aiohttp.ClientSession(connector=connector) as session:
        pairs = await asyncio.gather(*(fetch(session, url) for url in urls))
    return dict(pair for pair in pairs if pair is not None)
