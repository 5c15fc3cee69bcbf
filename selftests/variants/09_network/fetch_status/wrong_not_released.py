"""expect: fetch_status never released the response"""


async def fetch_status(session, url):
    response = await session.get(url)
    return response.status


async def fetch_json(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.json()
