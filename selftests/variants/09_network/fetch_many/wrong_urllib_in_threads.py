"""expect: tried to reach another host over the network"""
import urllib.request


async def fetch_all(urls, limit=10):
    semaphore = asyncio.Semaphore(limit)
    bodies = {}

    def download(url):
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")

    async def fetch(url):
        async with semaphore:
            try:
                bodies[url] = await asyncio.to_thread(download, url)
            except OSError:
                pass

    await asyncio.gather(*(fetch(url) for url in urls))
    return bodies
