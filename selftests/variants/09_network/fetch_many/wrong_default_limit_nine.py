"""expect: with the default limit: it should run 10 at once

The default limit is one short: 9 instead of 10."""


async def fetch_all(urls: list[str], limit: int = 9) -> dict[str, str]:
    semaphore = asyncio.Semaphore(limit)
    bodies: dict[str, str] = {}

    async with aiohttp.ClientSession() as session:
        async def fetch(url: str) -> None:
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        response.raise_for_status()
                        bodies[url] = await response.text()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass  # a failed URL is left out

        await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
