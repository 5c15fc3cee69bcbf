"""expect: fetch_status raised ClientResponseError for a 404 page"""


async def fetch_status(session, url):
    async with session.get(url, raise_for_status=True) as response:
        return response.status


async def fetch_json(session, url):
    async with session.get(url, raise_for_status=True) as response:
        return await response.json()
