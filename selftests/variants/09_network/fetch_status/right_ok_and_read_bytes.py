import json


async def fetch_status(session, url):
    async with session.request("GET", url) as response:
        status = response.status
    return status


async def fetch_json(session, url):
    # response.ok is `status < 400`; the body is read as bytes and decoded by json.loads.
    async with session.get(url) as response:
        if not response.ok:
            response.raise_for_status()
        return json.loads(await response.read())
