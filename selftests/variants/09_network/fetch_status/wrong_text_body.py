"""expect: fetch_json returned the body text, not the decoded JSON"""


async def fetch_status(session, url):
    async with session.get(url) as response:
        return response.status


async def fetch_json(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.text()
