"""expect: fetch_json(session, 'http://api.test/created') raised ClientResponseError"""


async def fetch_status(session, url):
    async with session.get(url) as response:
        return response.status


async def fetch_json(session, url):
    async with session.get(url) as response:
        if response.status != 200:
            raise aiohttp.ClientResponseError(response.request_info, response.history, status=response.status)
        return await response.json()
