"""expect: fetch_json did not raise for an error status"""


async def fetch_status(session, url):
    async with session.get(url) as response:
        return response.status


async def fetch_json(session, url):
    async with session.get(url) as response:
        return await response.json()
