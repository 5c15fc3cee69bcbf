"""expect: did not raise for status 400, the first error status

Checks the status by hand, with > where >= belongs."""


async def fetch_status(session, url):
    async with session.get(url) as response:
        return response.status


async def fetch_json(session, url):
    async with session.get(url) as response:
        if response.status > 400:
            raise aiohttp.ClientResponseError(response.request_info, response.history, status=response.status,
                                              message=response.reason or "")
        return await response.json()
