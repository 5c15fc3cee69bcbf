import json


async def fetch_status(session, url):
    response = await session.request("GET", url)
    try:
        return response.status
    finally:
        response.release()


async def fetch_json(session, url):
    response = await session.get(url)
    try:
        if response.status >= 400:
            raise aiohttp.ClientResponseError(response.request_info, response.history,
                                              status=response.status, message=response.reason or "")
        return json.loads(await response.text())
    finally:
        response.release()
