async def fetch_status(session, url):
    async with session.get(url, raise_for_status=False) as response:
        return int(response.status)


async def fetch_json(session, url):
    # The per-request option raise_for_status=True makes session.get raise for a status of 400 or more.
    async with session.get(url, raise_for_status=True) as response:
        return await response.json(content_type=None)
