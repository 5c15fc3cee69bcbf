"""expect: made a new session instead of using the one it was given"""


async def fetch_status(session, url):
    async with aiohttp.ClientSession() as own:
        async with own.get(url) as response:
            return response.status


async def fetch_json(session, url):
    async with aiohttp.ClientSession() as own:
        async with own.get(url) as response:
            response.raise_for_status()
            return await response.json()
